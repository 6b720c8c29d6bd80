// The row shorthand of the editor templates (nodes/<type>/<type>.html), which the build writes
// out as the markup Node-RED's edit dialog expects. A node's settings are laid out one form row
// each, and every row repeats the same frame: a div.form-row, a label for the setting's control
// with a Font Awesome icon and a translated text. A template says that frame in one element:
//
//   <he-row icon="folder-open" label="csv-log.label.baseDir"><input type="text" id="node-input-baseDir"></he-row>
//
// becomes
//
//   <div class="form-row">
//     <label for="node-input-baseDir"><i class="fa fa-folder-open"></i> <span data-i18n="csv-log.label.baseDir"></span></label>
//     <input type="text" id="node-input-baseDir">
//   </div>
//
// - What stands between <he-row> and </he-row> (inputs, a select with its options, a unit after
//   the field, the hidden type field of a typed input) is copied as written; the label is for
//   its first element whose id starts with node-input-.
// - label: the catalogue key of the label's text (required).
// - icon: the Font Awesome icon in front of the text, without "fa-". Without it the label holds
//   the text alone, and a checkbox row takes Node-RED's checkbox layout: the box under the
//   field column with its text beside it.
// - options: the choices of the row's select, written on its own line as an empty
//   <select ...></select>: space-separated values, each `value=key` with the catalogue key of
//   its text, or a bare `value` whose key is `<option-keys>.<value>`:
//     <he-row icon="clock-o" label="csv-log.label.timeZone" options="local utc" option-keys="csv-log.option">
//   Choices shown with a fixed text are written as <option> elements instead.
// - Any other attribute (class, id, style) goes to the row's div; class adds to "form-row".
//
// The rows must be in the template itself: Node-RED fills each node-input-<property> field from
// the node before oneditprepare runs, so the editor cannot add them later.
'use strict';

const ROW = /^([ \t]*)<he-row\b([^>]*)>([\s\S]*?)<\/he-row>/gm;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

/** The attributes of a start tag's text, in order, as [name, value] pairs. */
function attributesOf(text) {
  const found = [...text.matchAll(ATTRIBUTE)].map((m) => [m[1], m[2]]);
  const rest = text.replace(ATTRIBUTE, '').trim();
  if (rest !== '') throw new Error(`<he-row${text}>: write attributes as name="value" (not "${rest}")`);
  return found;
}

/** The lines of a row's content, indented `inner` where they start on the <he-row> line. */
function contentLines(content, inner) {
  const lines = content.split('\n');
  if (lines[0].trim() === '') lines.shift();
  else lines[0] = inner + lines[0].trim();
  if (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  return lines.map((line) => line.trimEnd());
}

/** The content's lines with the choices `options` written into its empty select. */
function withOptions(lines, options, optionKeys, where) {
  if (options === undefined) return lines;
  const at = lines.findIndex((line) => /^\s*<select\b[^>]*><\/select>$/.test(line));
  if (at < 0) throw new Error(`${where}: options, but no empty <select ...></select> on a line of its own`);
  const selectIndent = /^\s*/.exec(lines[at])[0];
  const choices = options
    .trim()
    .split(/\s+/)
    .map((choice) => {
      const [value, key] = choice.split('=');
      if (key === undefined && !optionKeys) throw new Error(`${where}: no key for the option "${value}"`);
      return `${selectIndent}  <option value="${value}" data-i18n="${key ?? `${optionKeys}.${value}`}"></option>`;
    });
  const [open] = lines[at].split('</select>');
  return [...lines.slice(0, at), open, ...choices, `${selectIndent}</select>`, ...lines.slice(at + 1)];
}

function expandRow(indent, attributeText, content) {
  const attributes = attributesOf(attributeText);
  const get = (name) => attributes.find(([n]) => n === name)?.[1];
  const label = get('label');
  const icon = get('icon');
  const where = `<he-row${attributeText}>`;
  if (!label) throw new Error(`${where}: no label="catalogue key"`);
  const control = /<(\w+)\b[^>]*\bid="(node-input-[^"]+)"[^>]*>/.exec(content);
  if (!control) throw new Error(`${where}: no field with an id="node-input-..." inside`);
  const id = control[2];
  const checkbox = control[1] === 'input' && /\btype="checkbox"/.test(control[0]);

  const divClass = ['form-row', get('class')].filter(Boolean).join(' ');
  const divAttributes = attributes
    .filter(([n]) => !['label', 'icon', 'class', 'options', 'option-keys'].includes(n))
    .map(([n, v]) => ` ${n}="${v}"`)
    .join('');
  const inner = indent + '  ';
  const lines = withOptions(contentLines(content, inner), get('options'), get('option-keys'), where);
  let body;
  if (icon) {
    body = [
      `${inner}<label for="${id}"><i class="fa fa-${icon}"></i> <span data-i18n="${label}"></span></label>`,
      ...lines,
    ];
  } else if (checkbox) {
    body = [
      `${inner}<label>&nbsp;</label>`,
      ...lines,
      `${inner}<label for="${id}" style="width:auto;" data-i18n="${label}"></label>`,
    ];
  } else {
    body = [`${inner}<label for="${id}" data-i18n="${label}"></label>`, ...lines];
  }
  return [`${indent}<div class="${divClass}"${divAttributes}>`, ...body, `${indent}</div>`].join('\n');
}

/** An editor template with every <he-row> written out as Node-RED markup. */
function expandRows(html) {
  const out = html.replace(ROW, (_all, indent, attributeText, content) => expandRow(indent, attributeText, content));
  if (out.includes('<he-row')) throw new Error('an <he-row> that does not start its line, or has no </he-row>');
  return out;
}

module.exports = { expandRows };
