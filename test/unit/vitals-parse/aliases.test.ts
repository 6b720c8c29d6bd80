// The alias and unit tables are the single source: check that the parser honours every entry
// and that the help (both languages), the editor and the locale files say the same thing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, VITALS, VITAL_NAMES, type Limits, type VitalName } from '../../../nodes/lib/reading';
import { UNITS } from '../../../nodes/lib/units';
import { FIELD_ALIASES, type FieldKind } from '../../../nodes/vitals-parse/text/aliases';
import { parseText } from '../../../nodes/vitals-parse/text';
import { REASONS, RUNTIME_TEXT } from '../../../nodes/vitals-parse/reasons';

const nodeDir = path.resolve(__dirname, '../../../nodes/vitals-parse');
const read = (rel: string): string => fs.readFileSync(path.join(nodeDir, rel), 'utf8');
const opts = { topic: 'h/dev/v', topicSegment: 1, limits: DEFAULT_LIMITS as Limits, now: new Date(0) };

/** A value inside the default limits of each vital, in its canonical unit. */
const SAMPLE: Record<VitalName, number> = {
  heartRate: 72,
  respiratoryRate: 16,
  spo2: 97,
  temperature: 36.6,
  systolic: 120,
  diastolic: 80,
  meanArterial: 93,
  glucose: 5.4,
  weight: 70.5,
};

function parsed(payload: unknown) {
  const r = parseText(payload, opts);
  if (!r.ok) assert.fail(`${JSON.stringify(payload)}: ${r.message}`);
  return r.reading;
}

describe('vitals-parse aliases and units', () => {
  for (const field of VITAL_NAMES) {
    it(`maps every alias of ${field} in objects and text lines`, () => {
      // systolic alone is fine; diastolic alone too (the order check needs both).
      for (const alias of FIELD_ALIASES[field]) {
        assert.equal(parsed({ [alias]: SAMPLE[field] })[field], SAMPLE[field], alias);
        assert.equal(parsed(`${alias.toUpperCase()}=${SAMPLE[field]}`)[field], SAMPLE[field], alias);
      }
    });
  }

  it('matches keys regardless of case, spaces, _ - and .', () => {
    for (const key of ['heartRate', 'Heart Rate', 'heart_rate', 'HEART-RATE', 'heart.rate']) {
      assert.equal(parsed({ [key]: 61 }).heartRate, 61, key);
    }
    assert.equal(parsed('Heart rate 61, Resp rate: 12').respiratoryRate, 12);
  });

  it('maps every blood-pressure alias to systolic and diastolic', () => {
    for (const alias of FIELD_ALIASES.bp) {
      const r = parsed({ [alias]: '121/79' });
      assert.deepEqual([r.systolic, r.diastolic], [121, 79], alias);
    }
  });

  it('maps every onOxygen, consciousness, id and time alias', () => {
    for (const alias of FIELD_ALIASES.onOxygen) assert.equal(parsed({ hr: 70, [alias]: 'yes' }).onOxygen, true, alias);
    for (const alias of FIELD_ALIASES.consciousness) assert.equal(parsed({ [alias]: 'p' }).consciousness, 'P', alias);
    for (const alias of FIELD_ALIASES.deviceId) assert.equal(parsed({ hr: 70, [alias]: 'd-1' }).deviceId, 'd-1', alias);
    for (const alias of FIELD_ALIASES.patientId)
      assert.equal(parsed({ hr: 70, [alias]: 'p-1' }).patientId, 'p-1', alias);
    for (const alias of FIELD_ALIASES.timestamp) {
      assert.equal(parsed({ hr: 70, [alias]: 1710491400 }).timestamp, '2024-03-15T08:30:00.000Z', alias);
    }
  });

  it('accepts every unit spelling for its own kind of vital', () => {
    const fieldOf = (dim: string): VitalName => VITAL_NAMES.find((n) => VITALS[n].measures === dim)!;
    // A value that lands inside the limits once converted.
    const inUnit: Record<string, number> = {
      '/min': 72,
      '%': 97,
      '°C': 37,
      '°F': 98.6,
      mmHg: 120,
      kPa: 16,
      'mmol/L': 5.5,
      'mg/dL': 99.1,
      kg: 70,
      g: 70000,
      lb: 150,
    };
    const want: Record<string, number> = {
      '/min': 72,
      '%': 97,
      '°C': 37,
      '°F': 37,
      mmHg: 120,
      kPa: 120,
      'mmol/L': 5.5,
      'mg/dL': 5.5,
      kg: 70,
      g: 70,
      lb: 68.04,
    };
    for (const u of UNITS) {
      const field = fieldOf(u.measures);
      for (const spelling of u.spellings) {
        assert.equal(
          parsed({ [field]: inUnit[u.label], [`${field}Unit`]: spelling })[field],
          want[u.label],
          `${spelling} for ${field}`,
        );
        assert.equal(
          parsed({ [field]: `${inUnit[u.label]} ${spelling.toUpperCase()}` })[field],
          want[u.label],
          `"${spelling}" attached`,
        );
      }
    }
  });

  it('refuses a unit of another kind for every vital', () => {
    for (const field of VITAL_NAMES) {
      const foreign = UNITS.find((u) => u.measures !== VITALS[field].measures)!;
      const r = parseText({ [field]: `${SAMPLE[field]} ${foreign.spellings[0]}` }, opts);
      assert.equal(r.ok ? 'ok' : r.reason, 'bad-unit', `${field} in ${foreign.label}`);
    }
  });
});

/** The <code> words of a help table's cells, row by row. */
function tableRows(html: string, cls: string): string[][][] {
  const start = html.indexOf(`<table class="${cls}">`);
  assert.ok(start >= 0, `table ${cls} missing`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return table
    .split('<tr>')
    .slice(1)
    .map((row) =>
      row
        .split('<td>')
        .slice(1)
        .map((cell) => [...cell.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1])),
    );
}

for (const lang of ['en-US', 'ko']) {
  describe(`vitals-parse ${lang} help`, () => {
    const help = read(`locales/${lang}/vitals-parse.html`);

    it('is registered for the node', () => {
      assert.match(help, /<script type="text\/html" data-help-name="he-vitals-parse">/);
    });

    it('lists exactly the aliases of aliases.ts', () => {
      const rows = tableRows(help, 'vitals-parse-help-aliases');
      const listed = new Set<string>();
      for (const field of Object.keys(FIELD_ALIASES) as FieldKind[]) {
        const aliases = [...FIELD_ALIASES[field]];
        const row = rows.find((r) => JSON.stringify(r[1]?.slice(0, aliases.length)) === JSON.stringify(aliases));
        assert.ok(row, `${field}: no row listing ${aliases.join(' ')}`);
        aliases.forEach((a) => listed.add(a));
      }
      const lowerWords = rows.flatMap((r) => r[1] ?? []).filter((w) => /^[a-z0-9]+$/.test(w));
      assert.deepEqual(
        lowerWords.filter((w) => !listed.has(w)),
        [],
        'aliases in the help that the parser does not know',
      );
    });

    it('lists exactly the unit spellings of lib/units.ts', () => {
      const rows = tableRows(help, 'vitals-parse-help-units');
      for (const u of UNITS) {
        const row = rows.find(
          (r) => JSON.stringify(r[1]?.slice(0, u.spellings.length)) === JSON.stringify(u.spellings),
        );
        assert.ok(row, `${u.label}: no row listing ${u.spellings.join(' ')}`);
      }
      assert.equal(rows.length - 1, UNITS.length);
    });

    it('explains every reason code', () => {
      const codes = tableRows(help, 'vitals-parse-help-reasons')
        .slice(1)
        .map((r) => r[0][0]);
      assert.deepEqual([...codes].sort(), Object.keys(REASONS).sort());
    });
  });
}

describe('vitals-parse locale and editor files', () => {
  const en = JSON.parse(read('locales/en-US/vitals-parse.json'));
  const ko = JSON.parse(read('locales/ko/vitals-parse.json'));

  const keysOf = (o: unknown, prefix = ''): string[] =>
    o !== null && typeof o === 'object'
      ? Object.entries(o as Record<string, unknown>).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k))
      : [prefix];

  it('has the palette category label in both languages', () => {
    assert.equal(en.palette.label.health___energy, 'health & energy');
    assert.equal(ko.palette.label.health___energy, '건강 & 에너지');
  });

  it('has the same keys in ko as in en-US', () => {
    assert.deepEqual(keysOf(ko).sort(), keysOf(en).sort());
  });

  it('keeps the en-US error sentences equal to the pure module, and ko with the same placeholders', () => {
    for (const [code, sentence] of Object.entries(REASONS)) {
      assert.equal(en['vitals-parse'].errors[code], sentence, code);
      const ph = (s: string) =>
        [...s.matchAll(/__(\w+)__/g)]
          .map((m) => m[1])
          .filter((p) => p !== 'proto')
          .sort();
      assert.deepEqual([...new Set(ph(ko['vitals-parse'].errors[code]))], [...new Set(ph(sentence))], code);
    }
  });

  it('keeps the en-US runtime texts equal to the fallbacks the node uses without a catalogue', () => {
    for (const [p, text] of Object.entries(RUNTIME_TEXT)) {
      const [group, key] = p.split('.');
      assert.equal(en['vitals-parse'][group][key], text, p);
    }
  });

  it('names every vital in the editor in both languages', () => {
    for (const name of VITAL_NAMES) {
      assert.equal(typeof en['vitals-parse'].vitals[name], 'string', name);
      assert.equal(typeof ko['vitals-parse'].vitals[name], 'string', name);
    }
  });

  it('editor defaults equal DEFAULT_LIMITS', () => {
    const html = read('vitals-parse.html');
    const rows = [...html.matchAll(/\{ name: '(\w+)', unit: '[^']*', min: ([\d.]+), max: ([\d.]+) \}/g)];
    const fromEditor = Object.fromEntries(rows.map((m) => [m[1], [Number(m[2]), Number(m[3])]]));
    assert.deepEqual(fromEditor, { ...DEFAULT_LIMITS });
  });

  it('registers the type with two outputs, the category and the icon', () => {
    const html = read('vitals-parse.html');
    assert.match(html, /registerType\('he-vitals-parse'/);
    assert.match(html, /category: 'health & energy'/);
    assert.match(html, /outputs: 2/);
    assert.match(html, /icon: 'vitals-parse\.svg'/);
    assert.ok(fs.existsSync(path.resolve(__dirname, '../../../../icons/vitals-parse.svg')));
  });
});
