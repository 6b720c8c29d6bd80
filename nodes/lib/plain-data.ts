// Kinds of message data, told apart by what they are rather than by which copy of the built-ins
// made them. WHY: Node-RED runs a function node's code in a vm context of its own, so `{}`, `[]`
// or `new Uint8Array()` written there get that context's Object.prototype and Uint8Array, not
// this module's. `proto === Object.prototype` or `instanceof Uint8Array` then says "no" to a
// row or a byte array a user built in a function node (csv-log refused every such row as "not an
// object"). Array.isArray, ArrayBuffer.isView and Object.prototype.toString see through realms.

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

/**
 * True for {}-style objects of any realm: an object whose prototype is null or a realm's own
 * Object.prototype (a root prototype whose `constructor` is that realm's Object). Not arrays,
 * Buffers, Dates, Maps or class instances.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) return !Array.isArray(value);
  // Another realm's Object.prototype: itself without a prototype, its constructor named Object.
  if (Object.getPrototypeOf(proto) !== null || !Object.hasOwn(proto, 'constructor')) return false;
  const ctor = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name === 'Object' && tagOf(value) === '[object Object]';
}

/** A Uint8Array (a Buffer is one) from any realm. */
export function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && tagOf(value) === '[object Uint8Array]');
}

/** An ArrayBuffer from any realm. */
export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || tagOf(value) === '[object ArrayBuffer]';
}

/**
 * Names that reach an object's prototype chain when used as keys: never a column, a field or a
 * key merged into an object built from message data.
 */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
