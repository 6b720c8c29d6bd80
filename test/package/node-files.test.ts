// What the editor needs from every node of the pack, checked on the files the build ships
// (dist/nodes): palette category, labels, icon, locale catalogues and help in both languages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  'node-red': { nodes: Record<string, string> };
};
const types = Object.keys(pkg['node-red'].nodes);
const LANGS = ['en-US', 'ko'];
const CATEGORY: Record<string, string> = { 'en-US': 'health & energy', ko: '건강 & 에너지' };
// Node-RED's own help uses these headings (@node-red/nodes/locales/<lang>/).
const SECTIONS: Record<string, { inputs: string; outputs: string; details: string; example: RegExp }> = {
  'en-US': { inputs: 'Inputs', outputs: 'Outputs', details: 'Details', example: /^Examples?\b/ },
  ko: { inputs: '입력', outputs: '출력', details: '상세', example: /^(예|예시|사용 예)(\b|$|\s)/ },
};

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => {
    const key = prefix ? `${prefix}.${k}` : k;
    return typeof v === 'string' ? [key] : keysOf(v, key);
  });
}

function nodeDir(type: string): string {
  return path.dirname(path.join(root, pkg['node-red'].nodes[type]));
}
/** A node's files are named without the pack's type prefix: he-threshold lives in threshold/threshold.js. */
function fileName(type: string): string {
  return path.basename(pkg['node-red'].nodes[type], '.js');
}
function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
function catalogue(type: string, lang: string): Tree {
  return JSON.parse(read(path.join(nodeDir(type), 'locales', lang, `${fileName(type)}.json`))) as Tree;
}
function headings(html: string, level: string): string[] {
  return [...html.matchAll(new RegExp(`<${level}>([^<]*)</${level}>`, 'g'))].map((m) => m[1].trim());
}

describe('node files the editor needs (built package)', () => {
  it("lists the seven nodes of the pack, each type under the pack's own prefix", () => {
    assert.deepEqual([...types].sort(), [
      'he-csv-log',
      'he-energy-meter',
      'he-energy-probe',
      'he-history',
      'he-news2',
      'he-threshold',
      'he-vitals-parse',
    ]);
    for (const type of types) assert.equal(type, `he-${fileName(type)}`, `${type} is built from ${fileName(type)}.ts`);
  });

  for (const type of types) {
    describe(type, () => {
      const name = fileName(type);
      const editorFile = () => path.join(nodeDir(type), `${name}.html`);

      it('registers in the "health & energy" category with palette label, input/output labels and its own SVG icon', () => {
        const html = read(editorFile());
        const start = html.indexOf(`RED.nodes.registerType('${type}'`);
        assert.ok(start >= 0, `${name}.html does not call RED.nodes.registerType('${type}', ...)`);
        const def = html.slice(start);
        assert.match(def, /category:\s*'health & energy'/);
        for (const prop of ['paletteLabel', 'inputLabels', 'outputLabels', 'label']) {
          assert.match(def, new RegExp(`\\b${prop}:`), `${type}: no ${prop}`);
        }
        const icon = /\bicon:\s*'([^']+)'/.exec(def);
        assert.ok(icon, `${type}: no icon`);
        assert.equal(icon[1], `${name}.svg`);
        // Node-RED serves a node's icons from the icons/ folder beside its .js file.
        const served = path.join(nodeDir(type), 'icons', icon[1]);
        assert.ok(fs.existsSync(served), `${served} is missing`);
        const svg = read(served);
        assert.match(svg, /^<svg[^>]*viewBox="0 0 40 60"/);
        assert.equal(svg, read(path.join(root, 'icons', icon[1])));
      });

      it('has the same keys in the en-US and ko catalogues, and the category label in both', () => {
        const en = catalogue(type, 'en-US');
        const ko = catalogue(type, 'ko');
        assert.deepEqual(keysOf(ko).sort(), keysOf(en).sort());
        for (const lang of LANGS) {
          const tree = lang === 'ko' ? ko : en;
          assert.equal(((tree.palette as Tree).label as Tree).health___energy, CATEGORY[lang], `${lang} palette label`);
          assert.equal(typeof (tree[name] as Tree).paletteLabel, 'string', `${lang}: ${name}.paletteLabel`);
        }
      });

      it('uses only catalogue keys that exist (data-i18n, this._ and the label helpers in the editor)', () => {
        const html = read(editorFile());
        const en = new Set(keysOf(catalogue(type, 'en-US')));
        const used = new Set([
          ...[...html.matchAll(/data-i18n="(?:\[[a-z]+\])?([^"]+)"/g)].map((m) => m[1]),
          // this._('key'), and he.text('key') / he.nameOr('key') of resources/he-editor.js.
          ...[...html.matchAll(/\b(?:_|text|nameOr)\(\s*'([^']+)'/g)].map((m) => m[1]),
        ]);
        // Keys from another namespace (node-red:...) and prefixes completed at run time are not checkable here.
        const literal = [...used].filter((k) => !k.includes(':') && !k.endsWith('.'));
        assert.ok(literal.length > 0, 'the editor uses no catalogue key: is it translated?');
        const missing = literal.filter((k) => !en.has(k));
        assert.deepEqual(missing, [], `keys used by ${name}.html but missing in locales/en-US/${name}.json`);
      });

      for (const lang of LANGS) {
        it(`has ${lang} help with Inputs, Outputs, Details and an example`, () => {
          const html = read(path.join(nodeDir(type), 'locales', lang, `${name}.html`));
          assert.match(html, new RegExp(`<script type="text/html" data-help-name="${type}">`));
          const h3 = headings(html, 'h3');
          const s = SECTIONS[lang];
          assert.deepEqual(h3.slice(0, 3), [s.inputs, s.outputs, s.details], `${lang} help sections`);
          assert.ok(
            [...h3, ...headings(html, 'h4')].some((h) => s.example.test(h)),
            `${lang} help of ${type} has no example heading`,
          );
          assert.match(html, /<dl class="message-properties">/);
        });
      }
    });
  }
});
