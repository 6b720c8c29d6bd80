// The editors' shared validators (resources/he-editor.js), run as the editor runs them: a plain
// script in a page whose window gets HealthEnergyEditor. Their verdicts must match the runtime's
// settings rule: what the editor accepts, the node accepts (nodes/lib/settings.ts).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { SettingsReader } from '../../../nodes/lib/settings';
import { resolveInside } from '../../../nodes/lib/safe-path';
import { NamePattern } from '../../../nodes/csv-log/name-pattern';

type Validator = (this: Record<string, unknown>, v: unknown) => boolean;
interface Editor {
  nonNegative: Validator;
  numberAtLeast(min: number): Validator;
  wholeAtLeast(min: number): Validator;
  wholeBetween(min: number, max: number): Validator;
  oneOf(choices: string[]): Validator;
  typedNonNegative(typeField: string): Validator;
  fileNamePattern: Validator;
}

const script = fs.readFileSync(path.resolve(__dirname, '../../../../resources/he-editor.js'), 'utf8');

/** The script in a fresh page; `typeShown` is what the dialog's type field holds. */
function loadEditor(typeShown = ''): Editor {
  const window: Record<string, unknown> = {};
  const RED = { validators: { typedInput: () => (v: unknown) => v === 'payload.price' } };
  const $ = () => ({ val: () => typeShown });
  vm.runInNewContext(script, { window, RED, $ });
  return window.HealthEnergyEditor as Editor;
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

describe('editor validators (resources/he-editor.js)', () => {
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

  it('typedNonNegative checks the number of a num input, and leaves other types to Node-RED', () => {
    const num = loadEditor('num').typedNonNegative('priceType');
    assert.deepEqual(
      ['0.25', '', '-1', 'x'].map((v) => num.call({}, v)),
      [true, true, false, false],
    );
    // The type field is not on the page (a node checked outside its dialog): the node's own type.
    const fromNode = loadEditor('').typedNonNegative('priceType');
    assert.equal(fromNode.call({ priceType: 'msg' }, 'payload.price'), true);
    assert.equal(fromNode.call({ priceType: 'msg' }, 'payload.other'), false);
    assert.equal(fromNode.call({ priceType: 'num' }, '-3'), false);
  });

  it('fileNamePattern accepts a file name pattern exactly when csv-log can write a file by it', () => {
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
    for (const name of names) {
      assert.equal(editor.fileNamePattern.call({}, name), runtime(name), JSON.stringify(name));
    }
  });
});
