// What the editors share (resources/he-editor.js), run as the editor runs it: a plain script in a
// page whose window gets HealthEnergyEditor. The validators' verdicts must match the runtime's
// settings rule: what the editor accepts, the node accepts (nodes/lib/settings.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { SettingsReader } from '../../../nodes/lib/settings';
import { resolveInside } from '../../../nodes/lib/safe-path';
import { NamePattern } from '../../../nodes/csv-log/name-pattern';

type Validator = (this: Record<string, unknown>, v: unknown) => boolean;
type Label = (this: Record<string, unknown>) => string;
/** Settings as a node's registerType declares them in `defaults`. */
type Settings = Record<string, { value: unknown; validate?: Validator }>;
interface Editor {
  nonNegative: Validator;
  numberAtLeast(min: number): Validator;
  wholeAtLeast(min: number): Validator;
  wholeBetween(min: number, max: number): Validator;
  oneOf(choices: string[]): Validator;
  text(key: string): Label;
  nameOr(key: string): Label;
  labelStyle: Label;
  fileSettings(typeField?: string): Settings;
  priceSettings(): Settings;
  priceInputs(types: string[]): void;
}

const script = fs.readFileSync(path.resolve(__dirname, '../../../../resources/he-editor.js'), 'utf8');

/**
 * The script in a fresh page. `typeShown` is what the dialog's type fields hold; each call
 * of jQuery's typedInput on a field is written into `typedInputs`, by the field's selector.
 */
function loadEditor(typeShown = '', typedInputs: Record<string, unknown> = {}): Editor {
  const window: Record<string, unknown> = {};
  const RED = { validators: { typedInput: () => (v: unknown) => v === 'payload.price' } };
  const $ = (selector: string) => ({
    val: () => typeShown,
    typedInput: (options: object) => {
      // Copied into this realm, so that deepEqual compares the options, not their prototypes.
      typedInputs[selector] = { ...options };
    },
  });
  vm.runInNewContext(script, { window, RED, $ });
  return window.HealthEnergyEditor as Editor;
}

/** The value of each setting, and the settings that have a validator. */
function shape(settings: Settings) {
  return {
    values: Object.fromEntries(Object.entries(settings).map(([k, s]) => [k, s.value])),
    validated: Object.keys(settings).filter((k) => typeof settings[k].validate === 'function'),
  };
}

const SAMPLES: unknown[] = [
  '',
  '  ',
  undefined,
  '0',
  0,
  '1',
  2,
  '2.5',
  '-1',
  -0.5,
  'abc',
  '1e3',
  'Infinity',
  NaN,
  '7.0',
];

describe('editor helpers (resources/he-editor.js)', () => {
  const editor = loadEditor();

  for (const [name, validator, rule] of [
    ['nonNegative', editor.nonNegative, { default: 1, min: 0 }],
    ['numberAtLeast(1)', editor.numberAtLeast(1), { default: 1, min: 1 }],
    ['wholeAtLeast(0)', editor.wholeAtLeast(0), { default: 1, min: 0, whole: true }],
    ['wholeAtLeast(1)', editor.wholeAtLeast(1), { default: 1, min: 1, whole: true }],
  ] as const) {
    it(`${name} accepts exactly what the node's settings reader accepts`, () => {
      for (const v of SAMPLES) {
        const read = new SettingsReader({ x: v });
        read.number('x', rule);
        assert.equal(validator.call({}, v), read.problems.length === 0, `${name}(${String(v)})`);
      }
    });
  }

  it('wholeBetween(1, 50) accepts exactly what energy-probe accepts for attributionTop (whole, 1 to 50, or empty)', () => {
    const top = editor.wholeBetween(1, 50);
    for (const v of [...SAMPLES, '50', 50, '51', 51, '10.5']) {
      const read = new SettingsReader({ attributionTop: v });
      const n = read.number('attributionTop', { default: 10, min: 1, whole: true });
      const accepted = read.problems.length === 0 && n <= 50;
      assert.equal(top.call({}, v), accepted, `wholeBetween(1, 50)(${String(v)})`);
    }
  });

  it('an energy-probe saved before the per-process settings (attributionTop, attributionPrograms unset) is valid', () => {
    // The node takes the defaults (10 and 100) for them, so the editor must not mark it invalid.
    const node: Record<string, unknown> = {};
    assert.equal(editor.wholeBetween(1, 50).call(node, node.attributionTop), true);
    assert.equal(editor.wholeAtLeast(1).call(node, node.attributionPrograms), true);
    const read = new SettingsReader(node);
    assert.equal(read.number('attributionTop', { default: 10, min: 1, whole: true }), 10);
    assert.equal(read.number('attributionPrograms', { default: 100, min: 1, whole: true }), 100);
    assert.deepEqual(read.problems, []);
  });

  it('oneOf takes a choice as text, and nothing else', () => {
    const scale = editor.oneOf(['1', '2']);
    assert.deepEqual(
      [1, '2', 3, '', undefined, null].map((v) => scale.call({}, v)),
      [true, true, false, false, false, false],
    );
  });

  it('priceSettings: price and intensity default to none and 475 as numbers, with a currency', () => {
    assert.deepEqual(shape(editor.priceSettings()), {
      values: { price: '', priceType: 'num', currency: '', intensity: '475', intensityType: 'num' },
      validated: ['price', 'intensity'],
    });
    // Each call gives the node settings of its own.
    assert.notEqual(editor.priceSettings().price, editor.priceSettings().price);
  });

  for (const field of ['price', 'intensity']) {
    it(`priceSettings: ${field} checks the number of a num input, and leaves other types to Node-RED`, () => {
      const num = loadEditor('num').priceSettings()[field].validate!;
      assert.deepEqual(
        ['0.25', '', '-1', 'x'].map((v) => num.call({}, v)),
        [true, true, false, false],
      );
      // The type field is not on the page (a node checked outside its dialog): the node's own type.
      const fromNode = loadEditor('').priceSettings()[field].validate!;
      const type = field + 'Type';
      assert.equal(fromNode.call({ [type]: 'msg' }, 'payload.price'), true);
      assert.equal(fromNode.call({ [type]: 'msg' }, 'payload.other'), false);
      assert.equal(fromNode.call({ [type]: 'num' }, '-3'), false);
    });
  }

  it('priceInputs makes price and intensity typed inputs of the given types, a number by default', () => {
    const typedInputs: Record<string, unknown> = {};
    loadEditor('', typedInputs).priceInputs(['num', 'env']);
    assert.deepEqual(typedInputs, {
      '#node-input-price': { default: 'num', typeField: '#node-input-priceType', types: ['num', 'env'] },
      '#node-input-intensity': { default: 'num', typeField: '#node-input-intensityType', types: ['num', 'env'] },
    });
  });

  it("fileSettings with a type field (csv-log): vitals.csv in the base folder, local time, the name's type", () => {
    assert.deepEqual(shape(editor.fileSettings('filenameType')), {
      values: { baseDir: '', filename: 'vitals.csv', filenameType: 'str', timeZone: 'local' },
      validated: ['filename'],
    });
  });

  it('fileSettings with a type field: a fixed name must be a pattern, one read from msg, flow, global or env must be given', () => {
    const onPage = (type: string) => loadEditor(type).fileSettings('filenameType').filename.validate!;
    assert.deepEqual(
      ['logs/%Y-%m-%d.csv', '%Q.csv', '../x.csv', ''].map((v) => onPage('str').call({}, v)),
      [true, false, false, false],
    );
    assert.deepEqual(
      ['payload.file', '%Q.csv', ''].map((v) => onPage('msg').call({}, v)),
      [true, true, false],
    );
    // Outside the dialog: the node's own type, and a node saved without one holds a fixed name.
    const fromNode = loadEditor('').fileSettings('filenameType').filename.validate!;
    assert.equal(fromNode.call({ filenameType: 'flow' }, '%Q.csv'), true);
    assert.equal(fromNode.call({}, '%Q.csv'), false);
    assert.equal(fromNode.call({}, 'vitals.csv'), true);
  });

  it('fileSettings without a type field (history): the same defaults; empty means the default file', () => {
    assert.deepEqual(shape(editor.fileSettings()), {
      values: { baseDir: '', filename: 'vitals.csv', timeZone: 'local' },
      validated: ['filename'],
    });
    const filename = editor.fileSettings().filename.validate!;
    assert.deepEqual(
      ['', '  ', undefined, 'logs/%Y-%m-%d.csv', '%Q.csv', '../x.csv'].map((v) => filename.call({}, v)),
      [true, true, true, true, false, false],
    );
  });

  it("text, nameOr and labelStyle: the label texts from the node's catalogue, its name first and in italics", () => {
    const node = (name: string) => ({ name, _: (key: string) => `<${key}>` });
    assert.equal(editor.text('news2.inputLabel').call(node('')), '<news2.inputLabel>');
    assert.equal(editor.nameOr('news2.paletteLabel').call(node('')), '<news2.paletteLabel>');
    assert.equal(editor.nameOr('news2.paletteLabel').call(node('Ward A')), 'Ward A');
    assert.equal(editor.labelStyle.call(node('')), '');
    assert.equal(editor.labelStyle.call(node('Ward A')), 'node_label_italic');
  });

  it('a fixed file name is accepted exactly when csv-log can write a file by it', () => {
    // The runtime: the pattern compiles, and the name it gives stays inside the base folder.
    const runtime = (name: string) => {
      try {
        const file = NamePattern.compile(name, 'utc').expand({ deviceId: 'p-1', payload: { ward: 'A' } }, 0);
        resolveInside('/data', file);
        return true;
      } catch {
        return false;
      }
    };
    const names = [
      'vitals.csv',
      'logs/%Y-%m-%d.csv',
      'logs/%Y/%m/%H%M-vitals.csv',
      '100%%.csv',
      'a/../b.csv',
      './vitals.csv',
      '{{deviceId}}.csv',
      'ward-{{ payload.ward }}/%Y-%m-%d.csv',
      '',
      '   ',
      '%Q.csv',
      'vitals%',
      '{{bad field}}.csv',
      '{{}}.csv',
      '../vitals.csv',
      'a/../../vitals.csv',
      '/etc/vitals.csv',
      '\\server\\share.csv',
      'C:vitals.csv',
      'vitals|x.csv',
      'vitals?.csv',
      'bad\u0001.csv',
      'logs/',
      'logs/..',
      'logs/.',
      'con.csv',
      'logs/COM1.2024.csv',
      'console.csv',
    ];
    const fixedName = loadEditor('str').fileSettings('filenameType').filename.validate!;
    for (const name of names) {
      assert.equal(fixedName.call({}, name), runtime(name), JSON.stringify(name));
    }
  });
});
