// The reading the news2 node sends on: the incoming payload with `news2` set on it, in place.
//
// In place, as Node-RED's own change node sets msg.payload.x: Node-RED gives every node that
// receives a message an object of its own (it clones the message for each wire but the first),
// so the payload is this node's to change. Copying it cost more than the scoring itself: a
// second reading-sized object per message that Node-RED's messages in flight keep alive long
// enough to be promoted out of the young generation (see bench/RESULTS.md and CHANGELOG).
// Whoever keeps the object after sending it (a function node that stores its last reading in
// context) sees `news2` appear in it, as it would after a change node; the help says so.
//
// A payload that cannot take the key as a plain data property is copied instead: one that is
// frozen, sealed or not extensible, one whose own `news2` is read-only or an accessor, and one
// that is not a plain object (a class instance could have a setter named news2). The copy is
// Object.assign({}, p) then one property, which gives what `{ ...p, news2 }` gives (the same own
// enumerable keys in the same order, an existing `news2` in its place), except for an own
// "__proto__" key (JSON.parse can make one): assign would set the copy's prototype, so such a
// payload takes the spread.

import { isPlainObject } from '../lib/plain-data';

const hasOwn = Object.prototype.hasOwnProperty;

function canSetInPlace(payload: object): boolean {
  // A plain object of any realm: a reading a function node built is set in place too.
  if (!isPlainObject(payload) || !Object.isExtensible(payload)) return false;
  if (!hasOwn.call(payload, 'news2')) return true;
  const own = Object.getOwnPropertyDescriptor(payload, 'news2');
  return own !== undefined && own.writable === true;
}

export function withNews2<T extends object>(payload: Record<string, unknown>, news2: T): Record<string, unknown> & { news2: T } {
  if (canSetInPlace(payload)) {
    payload.news2 = news2;
    return payload as Record<string, unknown> & { news2: T };
  }
  if (hasOwn.call(payload, '__proto__')) return { ...payload, news2 };
  const out = Object.assign({}, payload) as Record<string, unknown> & { news2: T };
  out.news2 = news2;
  return out;
}
