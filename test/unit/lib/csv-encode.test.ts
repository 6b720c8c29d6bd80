import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cellText,
  columnsOf,
  CsvEncodeError,
  encodeCell,
  encodeHeader,
  encodeRow,
  extraKeys,
  headerCells,
  isFormulaRisk,
  parseColumnList,
  unguard,
} from '../../../nodes/lib/csv-encode';
import { isPlainObject } from '../../../nodes/lib/plain-data';

// Node-RED's own RFC 4180 parser (the one its csv node uses): an independent reader.
const nrCsv = require('@node-red/nodes/core/parsers/lib/csv');
function parseBack(text: string): string[][] {
  return nrCsv
    .parse(text, {
      separator: ',',
      quote: '"',
      dataHasHeaderRow: true,
      outputStyle: 'array',
      parseNumeric: false,
      includeEmptyStrings: true,
      includeNullValues: true,
      strict: true,
    })
    .data.map((row: Array<string | null>) => row.map((cell) => cell ?? ''));
}

describe('csv-encode', () => {
  describe('cells', () => {
    it('quotes only fields holding a comma, quote, CR or LF, doubling quotes', () => {
      assert.equal(encodeCell('plain'), 'plain');
      assert.equal(encodeCell('a,b'), '"a,b"');
      assert.equal(encodeCell('say "hi"'), '"say ""hi"""');
      assert.equal(encodeCell('line1\nline2'), '"line1\nline2"');
      assert.equal(encodeCell('a\r\nb'), '"a\r\nb"');
      assert.equal(encodeCell(' spaced '), ' spaced ');
    });

    it('keeps Korean and emoji untouched', () => {
      assert.equal(encodeCell('맥박 정상 ❤️'), '맥박 정상 ❤️');
      assert.equal(encodeCell('환자, "김"'), '"환자, ""김"""');
    });

    it('writes null/undefined empty, booleans as words, dates as ISO, objects as JSON', () => {
      assert.equal(encodeCell(null), '');
      assert.equal(encodeCell(undefined), '');
      assert.equal(encodeCell(true), 'true');
      assert.equal(encodeCell(false), 'false');
      assert.equal(encodeCell(new Date(Date.UTC(2024, 4, 1, 8, 0, 0))), '2024-05-01T08:00:00.000Z');
      assert.equal(encodeCell(new Date('nonsense')), '');
      assert.equal(encodeCell({ a: 1, b: [2, 3] }), '"{""a"":1,""b"":[2,3]}"');
      assert.equal(encodeCell([1, 2]), '"[1,2]"');
      assert.equal(encodeCell(12n), '12');
    });

    it('writes numbers in round-trip form and non-finite numbers as empty', () => {
      assert.equal(encodeCell(36.8), '36.8');
      assert.equal(encodeCell(-5), '-5');
      assert.equal(encodeCell(0.1 + 0.2), '0.30000000000000004');
      assert.equal(encodeCell(NaN), '');
      assert.equal(encodeCell(Infinity), '');
    });

    it('names the column when a value cannot become JSON', () => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      assert.throws(
        () => cellText(loop, 'meta'),
        (e: unknown) => e instanceof CsvEncodeError && e.column === 'meta' && /meta/.test(e.message),
      );
    });
  });

  describe('formula-injection guard', () => {
    it('prefixes text starting with = + - @ tab or CR with a quote', () => {
      assert.equal(encodeCell('=1+1'), "'=1+1");
      assert.equal(encodeCell('+cmd'), "'+cmd");
      assert.equal(encodeCell('-2+3'), "'-2+3");
      assert.equal(encodeCell('@SUM(A1)'), "'@SUM(A1)");
      assert.equal(encodeCell('\tx'), "'\tx");
      assert.equal(encodeCell('\rx'), `"'\rx"`);
      assert.equal(encodeCell('=HYPERLINK("http://x","y")'), `"'=HYPERLINK(""http://x"",""y"")"`);
    });

    it('leaves real numbers and text that is just a number alone', () => {
      assert.equal(encodeCell(-5), '-5');
      assert.equal(encodeCell('-5'), '-5');
      assert.equal(encodeCell('+3.5'), '+3.5');
      assert.equal(encodeCell('-1e3'), '-1e3');
      assert.equal(isFormulaRisk('-'), true);
      assert.equal(isFormulaRisk('-5-5'), true);
    });

    it('leaves text alone when the guard is off, and guards only text values', () => {
      assert.equal(encodeCell('=1+1', { injectionGuard: false }), '=1+1');
      assert.equal(encodeCell({ x: '=1' }), '"{""x"":""=1""}"');
    });

    it('guards header names too, and unguard gives the column name back', () => {
      assert.equal(encodeHeader(['time', '=x', 'a,b']), 'time,\'=x,"a,b"\r\n');
      assert.deepEqual(headerCells(['time', '=x']), ['time', "'=x"]);
      assert.equal(unguard("'=x"), '=x');
      assert.equal(unguard("'plain"), "'plain");
    });
  });

  describe('rows', () => {
    it('orders cells by column, leaves missing ones empty, reports extra keys', () => {
      const row = { b: 2, a: 1, z: 'extra' };
      assert.equal(encodeRow(row, ['a', 'b', 'c']), '1,2,\r\n');
      assert.deepEqual(extraKeys(row, ['a', 'b', 'c']), ['z']);
      // Fewer keys than columns, and still one that is not a column.
      assert.deepEqual(extraKeys({ a: 1, z: 2 }, ['a', 'b', 'c']), ['z']);
      assert.deepEqual(extraKeys({ c: 1, a: 2 }, ['a', 'b', 'c']), []);
    });

    it('never reads through __proto__ or inherited properties', () => {
      const payload = JSON.parse('{"a":1,"__proto__":{"polluted":true}}');
      assert.deepEqual(columnsOf(payload), ['a']);
      const columns = ['a', '__proto__', 'toString', 'polluted'];
      assert.equal(encodeRow(payload, columns), '1,,,\r\n');
      assert.deepEqual(extraKeys(payload, columns), []);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('round-trips awkward values through an independent RFC 4180 parser', () => {
      const cols = ['name', 'note', 'nested', 'empty', 'emoji'];
      const rows = [
        { name: '김민수', note: 'says "hello", then\r\nleaves', nested: { bp: [120, 80] }, empty: null, emoji: '🫀✓' },
        { name: 'a,b', note: '\n', nested: [], empty: undefined, emoji: '""' },
      ];
      const text = encodeHeader(cols) + rows.map((r) => encodeRow(r, cols)).join('');
      assert.deepEqual(parseBack(text), [
        cols,
        ['김민수', 'says "hello", then\r\nleaves', '{"bp":[120,80]}', '', '🫀✓'],
        ['a,b', '\n', '[]', '', '""'],
      ]);
    });

    it('writes any row as one record that an RFC 4180 parser reads back cell by cell (property)', () => {
      const key = fc.constantFrom<string>('a', 'b', 'c', '=x', '__proto__', 'constructor', 'long key');
      const text = fc.oneof(
        fc.string(),
        fc.constantFrom('=1+1', '-5', '+3.2e4', '@a', '\tq', 'a,b', 'say "hi"', '', '\r\n', '김민수 🫀'),
      );
      const value = fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
      fc.assert(
        fc.property(
          fc.array(fc.tuple(key, value), { maxLength: 8 }),
          fc.uniqueArray(key, { minLength: 1, maxLength: 6 }),
          fc.boolean(),
          (entries, columns, guard) => {
            const row: Record<string, unknown> = {};
            for (const [k, v] of entries)
              Object.defineProperty(row, k, { value: v, enumerable: true, writable: true, configurable: true });
            const text = encodeRow(row, columns, { injectionGuard: guard });
            assert.ok(text.endsWith('\r\n'));
            // A last cell of our own, so that a record of one empty cell is not read as a blank line.
            const [, cells] = parseBack(
              encodeHeader([...columns.map((_, i) => `h${i}`), 'end']) + text.slice(0, -2) + ',end\r\n',
            );
            assert.equal(cells.pop(), 'end');
            const expected = columns.map((c) => {
              const v =
                c === '__proto__' || c === 'constructor' || !Object.prototype.hasOwnProperty.call(row, c)
                  ? undefined
                  : row[c];
              if (typeof v === 'string') return guard && isFormulaRisk(v) ? `'${v}` : v;
              if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
              return v === null || v === undefined ? '' : String(v);
            });
            assert.deepEqual(cells, expected);
            assert.deepEqual(
              extraKeys(row, columns),
              Object.keys(row).filter((k) => !columns.includes(k) && k !== '__proto__' && k !== 'constructor'),
            );
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('tells plain objects from other payloads', () => {
    assert.equal(isPlainObject({ a: 1 }), true);
    assert.equal(isPlainObject(Object.create(null)), true);
    for (const v of [null, [], 'x', 3, Buffer.from('x'), new Date(), new Map()])
      assert.equal(isPlainObject(v), false, String(v));
  });

  it('parses the configured column list', () => {
    assert.deepEqual(parseColumnList(' a, b ,,c '), ['a', 'b', 'c']);
    assert.deepEqual(parseColumnList(''), []);
    assert.deepEqual(parseColumnList(undefined), []);
  });
});
