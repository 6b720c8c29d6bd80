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

export type MsgGetter = (msg: object) => unknown;

const SIMPLE_PATH = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

export function msgPathGetter(path: string): MsgGetter | null {
  if (typeof path !== 'string') return null;
  const bare = path.startsWith('msg.') ? path.slice(4) : path;
  if (!SIMPLE_PATH.test(bare)) return null;
  const keys = bare.split('.');
  return (msg) => {
    let v: unknown = msg;
    for (const key of keys) v = (v as Record<string, unknown>)[key];
    return v;
  };
}
