// Status texts are shown for every message, and RED._ runs i18next on each call: each template
// is translated once with markers for its parameters, split at them, and joined per call.

export type Translate = (key: string, params: Record<string, string>) => string;

// eslint-disable-next-line no-control-regex -- NUL marks a parameter: translated text never holds one
const MARKER = /\u0000(\w+)\u0000/;

export function cachedText(translate: Translate): (key: string, params?: Record<string, string | number>) => string {
  // Text parts at even indexes, parameter names at odd ones (split() with a capturing group).
  const templates = new Map<string, string[]>();
  return (key, params = {}) => {
    let template = templates.get(key);
    if (template === undefined) {
      const markers: Record<string, string> = {};
      for (const name of Object.keys(params)) markers[name] = `\u0000${name}\u0000`;
      template = translate(key, markers).split(MARKER);
      templates.set(key, template);
    }
    let out = template[0];
    for (let i = 1; i < template.length; i += 2) {
      const name = template[i];
      out += (name in params ? String(params[name]) : `\u0000${name}\u0000`) + template[i + 1];
    }
    return out;
  };
}
