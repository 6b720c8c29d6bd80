// Kinds of message data, told by what they are, not by which realm's built-ins made them: a
// function node runs in a vm context of its own, whose `{}` has another Object.prototype and whose
// byte arrays another Uint8Array. Array.isArray, ArrayBuffer.isView and toString see through realms.

const tagOf = (value: unknown): string => Object.prototype.toString.call(value);

/** {}-style objects of any realm: not arrays, Buffers, Dates or class instances. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) return !Array.isArray(value);
  // Another realm's Object.prototype: itself without a prototype, its constructor named Object.
  if (Object.getPrototypeOf(proto) !== null || !Object.hasOwn(proto, 'constructor')) return false;
  const ctor = (proto as { constructor?: unknown }).constructor;
  return typeof ctor === 'function' && ctor.name === 'Object' && tagOf(value) === '[object Object]';
}

/** A Uint8Array (a Buffer is one). */
export function isUint8Array(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array || (ArrayBuffer.isView(value) && tagOf(value) === '[object Uint8Array]');
}

export function isArrayBuffer(value: unknown): value is ArrayBuffer {
  return value instanceof ArrayBuffer || tagOf(value) === '[object ArrayBuffer]';
}

/** A finite number given as a number or as numeric text (blank text is none). */
export function finiteNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Keys that reach the prototype chain: never a column, a field or a key merged from message data. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
