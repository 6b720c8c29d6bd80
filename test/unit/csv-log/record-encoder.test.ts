// RecordEncoder is the fast path csv-log uses for every row: it must give exactly what
// encodeRow gives (text and extra keys), including the cases it hands to the general path.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeRow, EncodeOptions, RecordEncoder } from '../../nodes/lib/csv-encode';
import { Utf8Buffer } from '../../nodes/lib/utf8-buffer';

function both(row: Record<string, unknown>, columns: string[], options: EncodeOptions = {}) {
  const enc = new RecordEncoder(columns, options);
  const text = enc.encode(row);
  const extraKeys = enc.extraKeys(row);
  // encodeInto writes the same record as bytes, and leaves the same extra keys behind.
  const out = new Utf8Buffer(16);
  out.text('before,');
  enc.encodeInto(row, out);
  assert.deepEqual(out.view(), Buffer.from('before,' + text, 'utf8'));
  assert.deepEqual(enc.extraKeys(row), extraKeys);
  return { fast: { text, extraKeys }, general: encodeRow(row, columns, options) };
}

describe('RecordEncoder (csv-log fast path)', () => {
  it('encodes numbers, plain text and missing columns as encodeRow does', () => {
    const { fast, general } = both({ a: 1, b: 'ok', d: -0.5 }, ['a', 'b', 'c', 'd']);
    assert.deepEqual(fast, general);
    assert.equal(fast.text, '1,ok,,-0.5\r\n');
  });

  it('guards text starting with = + - @ TAB CR, leaves number-like text alone, and honours the guard being off', () => {
    const row = { f: '=SUM(A1)', p: '+1 call', m: '-5', at: '@x', t: '\tx', r: '\rx', e: '' };
    const cols = Object.keys(row);
    for (const options of [{}, { injectionGuard: false }]) {
      const { fast, general } = both(row, cols, options);
      assert.deepEqual(fast, general);
    }
    assert.equal(both(row, cols).fast.text, `'=SUM(A1),'+1 call,-5,'@x,'\tx,"'\rx",\r\n`);
  });

  it('quotes commas, quotes and line breaks, keeps Korean and emoji', () => {
    const { fast, general } = both({ a: '김민수, "check"', b: 'line\nbreak', c: '😀' }, ['a', 'b', 'c']);
    assert.deepEqual(fast, general);
    assert.equal(fast.text, '"김민수, ""check""","line\nbreak",😀\r\n');
  });

  it('hands other values (null, booleans, Date, objects, NaN, bigint) to the general cell encoder', () => {
    const row = { n: null, b: true, d: new Date(Date.UTC(2024, 0, 1)), o: { x: [1, ','] }, nan: NaN, inf: -Infinity, big: 10n, u: undefined };
    const { fast, general } = both(row, Object.keys(row));
    assert.deepEqual(fast, general);
  });

  it('never reads a column named after the prototype chain, and finds extra keys only when there are some', () => {
    const row = JSON.parse('{"__proto__": 1, "a": 2, "extra": 3}') as Record<string, unknown>;
    const { fast, general } = both(row, ['__proto__', 'constructor', 'a']);
    assert.deepEqual(fast, general);
    assert.deepEqual(fast.extraKeys, ['extra']);
    assert.deepEqual(both({ a: 1 }, ['a', 'b']).fast.extraKeys, []);
  });

  it('is reused across rows: extra keys belong to the row just encoded', () => {
    const enc = new RecordEncoder(['a'], {});
    enc.encode({ a: 1, z: 2 });
    assert.deepEqual(enc.extraKeys({ a: 1, z: 2 }), ['z']);
    enc.encode({ a: 1 });
    assert.deepEqual(enc.extraKeys({ a: 1 }), []);
  });

  it('matches encodeRow for any row and columns (property)', () => {
    const key = fc.constantFrom('a', 'b', 'c', '=x', '__proto__', 'constructor', 'long key');
    const value = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('=1+1', '-5', '+3.2e4', '@a', '\tq', 'a,b', 'say "hi"', '', '\r\n'),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.array(fc.integer(), { maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 8 }), fc.array(key, { minLength: 1, maxLength: 6 }), fc.boolean(), (entries, columns, guard) => {
        const row: Record<string, unknown> = {};
        for (const [k, v] of entries) Object.defineProperty(row, k, { value: v, enumerable: true, writable: true, configurable: true });
        const { fast, general } = both(row, columns, { injectionGuard: guard });
        assert.deepEqual(fast, general);
      }),
      { numRuns: 500 },
    );
  });
});
