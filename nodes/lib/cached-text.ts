// Runtime texts that a node shows for every message (its status) are translated once per key.
// RED._ runs i18next on each call; in a parse → news2 → threshold → csv-log pipeline that was a
// quarter of all CPU time. Each template is translated with markers in place of its parameters,
// split at the markers, and joined with the values per call. No Node-RED import: the translate
// function is passed in.

export type Translate = (key: string, params: Record<string, string>) => string;

/** Text parts at even indexes, parameter names at odd indexes. */
type Template = string[];

// eslint-disable-next-line no-control-regex -- NUL marks a parameter: translated text never holds one
const MARKER = /\u0000(\w+)\u0000/;

export function cachedText(translate: Translate): (key: string, params?: Record<string, string | number>) => string {
  const templates = new Map<string, Template>();
  return (key, params = {}) => {
    let template = templates.get(key);
    if (template === undefined) {
      const markers: Record<string, string> = {};
      for (const name of Object.keys(params)) markers[name] = `\u0000${name}\u0000`;
      // split() with a capturing group keeps the names at the odd indexes.
      template = translate(key, markers).split(MARKER);
      templates.set(key, template);
    }
    if (template.length === 1) return template[0];
    let out = template[0];
    for (let i = 1; i < template.length; i += 2) {
      const name = template[i];
      out += (name in params ? String(params[name]) : `\u0000${name}\u0000`) + template[i + 1];
    }
    return out;
  };
}
