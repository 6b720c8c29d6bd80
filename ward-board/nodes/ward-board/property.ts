// Reading a configured msg property from every message, its path parsed once. Node-RED's
// RED.util.getMessageProperty parses the path again on each call: about 1.4 µs a property
// here, nine properties a reading (key, six fields, score, time), forty times what the board's
// state costs per reading. (The pack has the same reader in nodes/lib/msg-path.ts; this package
// is published on its own and does not depend on the pack.)

export type PropertyReader = (msg: object) => unknown;

/**
 * A reader for a path that Node-RED's parser (RED.util.normalisePropertyExpression) turned into
 * `parts`: names and indexes are read in turn, undefined as soon as one is missing. A path that
 * refers to another property (msg.a[msg.b]) is left to `fallback`, Node-RED's own reader.
 */
export function propertyReader(parts: readonly unknown[], fallback: PropertyReader): PropertyReader {
  if (!parts.every((p) => typeof p === 'string' || typeof p === 'number')) return fallback;
  const keys = parts;
  return (msg) => {
    let v: unknown = msg;
    for (let i = 0; i < keys.length; i++) {
      if (v === null || v === undefined) return undefined;
      v = (v as Record<string | number, unknown>)[keys[i]];
    }
    return v;
  };
}
