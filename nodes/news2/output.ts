// The payload the news2 node sends on: `news2` set on it in place, as a change node sets
// msg.payload.x (Node-RED gives each receiving node a message of its own; a copy per message
// would keep a second reading alive). A payload that cannot take the key as a plain data
// property (frozen, sealed, a read-only or accessor `news2`, not a plain object) is copied.
import { isPlainObject } from '../lib/plain-data';

function canSetInPlace(payload: object): boolean {
  if (!isPlainObject(payload) || !Object.isExtensible(payload)) return false;
  const own = Object.getOwnPropertyDescriptor(payload, 'news2');
  return own === undefined || own.writable === true;
}

export function withNews2<T extends object>(
  payload: Record<string, unknown>,
  news2: T,
): Record<string, unknown> & { news2: T } {
  if (!canSetInPlace(payload)) return { ...payload, news2 };
  payload.news2 = news2;
  return payload as Record<string, unknown> & { news2: T };
}
