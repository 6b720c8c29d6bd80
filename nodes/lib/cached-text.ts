// Runtime texts that a node shows for every message (its status) are translated once per key.
// RED._ runs i18next on each call; in a parse → news2 → threshold → csv-log pipeline that was a
// quarter of all CPU time. Each template is translated with markers in place of its parameters,
// then the markers are filled in per call. No Node-RED import: the translate function is passed in.

export type Translate = (key: string, params: Record<string, string>) => string;

const MARKER = /\u0000(\w+)\u0000/g;

export function cachedText(translate: Translate): (key: string, params?: Record<string, string | number>) => string {
  const templates = new Map<string, string>();
  return (key, params = {}) => {
    let template = templates.get(key);
    if (template === undefined) {
      const markers: Record<string, string> = {};
      for (const name of Object.keys(params)) markers[name] = `\u0000${name}\u0000`;
      template = translate(key, markers);
      templates.set(key, template);
    }
    return template.replace(MARKER, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
