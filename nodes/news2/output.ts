// The reading the news2 node sends on: the incoming payload with `news2` set on it, in place.
//
// In place, as Node-RED's own change node sets msg.payload.x: Node-RED gives every node that
// receives a message an object of its own (it clones the message for each wire but the first),
// so the payload is this node's to change, and a copy per message would be a second
// reading-sized object kept alive as long as the message is. Whoever keeps the object after
// sending it (a function node that stores its last reading in context) sees `news2` appear in
// it, as it would after a change node; the help says so.
//
// A payload that cannot take the key as a plain data property is copied instead: one that is
// frozen, sealed or not extensible, one whose own `news2` is read-only or an accessor, and one
// that is not a plain object (a class instance could have a setter named news2).

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
