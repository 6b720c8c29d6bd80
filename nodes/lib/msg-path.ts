// Readers of a plain msg property path ("payload.news2.total"), split once: evaluateNodeProperty
// parses the expression again on every message. msgPathGetter gives what evaluateNodeProperty
// gives (inherited names read the same; a name read on undefined throws the same TypeError);
// any other path (brackets, quotes, names starting with a digit) returns null: Node-RED's turn.
import { PROTOTYPE_KEYS } from './plain-data';

export type MsgGetter = (msg: object) => unknown;

const SIMPLE_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** The names of a plain path ("msg." dropped), or null for a path Node-RED must evaluate. */
function simpleKeys(path: string): string[] | null {
  if (typeof path !== 'string') return null;
  const bare = path.startsWith('msg.') ? path.slice(4) : path;
  return SIMPLE_PATH.test(bare) ? bare.split('.') : null;
}

export function msgPathGetter(path: string): MsgGetter | null {
  const keys = simpleKeys(path);
  if (!keys) return null;
  return (msg) => {
    let v: unknown = msg;
    for (const key of keys) v = (v as Record<string, unknown>)[key];
    return v;
  };
}

/**
 * The value at `keys` through own properties only, undefined when a step is missing: for values
 * written into files, where an inherited name ("constructor") must never stand for message data.
 */
export function ownPathValue(value: unknown, keys: readonly string[]): unknown {
  let v = value;
  for (const key of keys) {
    if (v === null || typeof v !== 'object' || PROTOTYPE_KEYS.has(key) || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** A reader of a plain path by ownPathValue; null for a path Node-RED must evaluate. */
export function ownPathGetter(path: string): MsgGetter | null {
  const keys = simpleKeys(path);
  if (!keys || keys.some((k) => PROTOTYPE_KEYS.has(k))) return null;
  return (msg) => ownPathValue(msg, keys);
}
