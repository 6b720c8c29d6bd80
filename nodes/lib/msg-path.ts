// A reader for a plain msg property path ("payload.news2.total"), split once, for nodes that
// read a configured property from every message: RED.util.evaluateNodeProperty parses the
// expression again on each call. No Node-RED import: the node kit uses this when it applies
// and Node-RED's own evaluation otherwise (nodes/lib/node-kit.ts, property()).
//
// Same result as evaluateNodeProperty(path, 'msg', node, msg) for the paths accepted here:
// Node-RED strips a leading "msg.", splits at the dots and reads each name in turn with no
// own-property check, so inherited names ("constructor") read the same and a name read on
// undefined or null throws the same TypeError ("Cannot read properties of undefined (reading
// 'total')"), which a node may show as its reason. Anything else (brackets, quotes, names that
// start with a digit, which Node-RED turns into numbers, an empty text) returns null.
// Node-RED reads each value twice (typeof obj[key] then obj[key]); this reads it once, which
// differs only for a getter that returns something else on its second call.

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
 * The value at `keys` through own properties only, undefined when a step is missing or not an
 * object: for values written into files (csv-log's columns and file names), where an inherited
 * name ("constructor") must never stand for message data and a missing one is not an error.
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
