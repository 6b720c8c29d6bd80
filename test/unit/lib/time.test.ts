import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EPOCH_MS_THRESHOLD, fromIso, parseTimestamp } from '../../../nodes/lib/time';

function iso(value: unknown): string {
  const r = parseTimestamp(value);
  assert.ok(r.ok, `expected ${String(value)} to parse, got ${JSON.stringify(r)}`);
  return r.iso;
}
function fails(value: unknown): string {
  const r = parseTimestamp(value);
  assert.equal(r.ok, false, `expected ${String(value)} to be refused`);
  return (r as { detail: string }).detail;
}

describe('lib/time parseTimestamp', () => {
  it('reads epoch seconds', () => {
    assert.equal(iso(1710491400), '2024-03-15T08:30:00.000Z');
    assert.equal(iso(1710491400.5), '2024-03-15T08:30:00.500Z');
  });

  it('reads epoch milliseconds', () => {
    assert.equal(iso(1710491400123), '2024-03-15T08:30:00.123Z');
  });

  it('splits seconds from milliseconds at 1e11', () => {
    assert.equal(iso(EPOCH_MS_THRESHOLD - 1), new Date((EPOCH_MS_THRESHOLD - 1) * 1000).toISOString());
    assert.equal(iso(EPOCH_MS_THRESHOLD), '1973-03-03T09:46:40.000Z');
  });

  it('reads numeric strings as epoch numbers', () => {
    assert.equal(iso('1710491400'), '2024-03-15T08:30:00.000Z');
    assert.equal(iso(' 1710491400123 '), '2024-03-15T08:30:00.123Z');
  });

  it('reads ISO 8601 in UTC and with offsets', () => {
    assert.equal(iso('2024-03-15T08:30:00Z'), '2024-03-15T08:30:00.000Z');
    assert.equal(iso('2024-03-15T08:30:00.25z'), '2024-03-15T08:30:00.250Z');
    assert.equal(iso('2024-06-01T07:15:30+01:00'), '2024-06-01T06:15:30.000Z');
    assert.equal(iso('2024-06-01T07:15:30-0530'), '2024-06-01T12:45:30.000Z');
    assert.equal(iso('2024-06-01 07:15+09'), '2024-05-31T22:15:00.000Z');
  });

  it('reads an ISO date-time without a zone as host local time, a bare date as UTC midnight', () => {
    assert.equal(iso('2024-03-15T08:30:00'), new Date(2024, 2, 15, 8, 30, 0).toISOString());
    assert.equal(iso('2024-03-15'), '2024-03-15T00:00:00.000Z');
  });

  it('accepts a Date', () => {
    assert.equal(iso(new Date('2024-03-15T08:30:00Z')), '2024-03-15T08:30:00.000Z');
  });

  it('refuses impossible dates rather than rolling them over', () => {
    assert.match(fails('2024-02-30T00:00:00Z'), /calendar/);
    assert.match(fails('2023-02-29'), /calendar/);
    assert.match(fails('2024-04-31T10:00:00'), /calendar/);
    assert.match(fails('2024-03-15T24:00:00Z'), /calendar/);
    assert.equal(iso('2024-02-29T00:00:00Z'), '2024-02-29T00:00:00.000Z');
  });

  it('refuses words, negatives, non-finite numbers and other types', () => {
    assert.match(fails('yesterday'), /ISO 8601/);
    assert.match(fails('15/03/2024'), /ISO 8601/);
    assert.match(fails(-5), /negative/);
    assert.match(fails(Number.NaN), /finite/);
    assert.match(fails(Infinity), /finite/);
    assert.match(fails(''), /empty/);
    assert.match(fails(true), /boolean/);
    assert.match(fails({}), /object/);
    assert.match(fails(new Date('nope')), /range/);
    assert.match(fails('9'.repeat(100)), /too long/);
  });
});

describe("lib/time parseTimestamp on toISOString's own form", () => {
  const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

  it('reads the text toISOString writes for any instant from 1970 to 9999 back as itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_MS }), (ms) => {
        const text = new Date(ms).toISOString();
        assert.deepEqual(parseTimestamp(text), { ok: true, ms, iso: text }, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps leap days of leap years and refuses days that do not exist', () => {
    assert.equal(iso('2024-02-29T00:00:00.000Z'), '2024-02-29T00:00:00.000Z');
    assert.equal(iso('2000-02-29T00:00:00.000Z'), '2000-02-29T00:00:00.000Z');
    for (const bad of [
      '2023-02-29T00:00:00.000Z',
      '2100-02-29T00:00:00.000Z',
      '2024-04-31T00:00:00.000Z',
      '2024-00-10T00:00:00.000Z',
      '2024-13-10T00:00:00.000Z',
    ]) {
      assert.equal(parseTimestamp(bad).ok, false, bad);
    }
  });

  it('reads other forms by the general rules', () => {
    const others = [
      '2024-03-15T24:00:00.000Z', // hour 24
      '2024-03-15T23:60:00.000Z',
      '2024-03-15T23:59:60.000Z', // leap second: refused
      '2024-03-15t08:30:00.000z', // lower case: accepted, re-written in upper case
      '2024-03-15 08:30:00.000Z',
      '2024-03-15T08:30:00.000+00:00',
      '2024-03-15T08:30:00.00Z',
      '2024-03-15T08:30:00.0000Z',
      '2024-03-15T08:30:00,123Z',
      ' 2024-03-15T08:30:00.123Z',
      '2024-03-15T08:30:00.123Z ',
      '1969-12-31T23:59:59.999Z', // before the epoch: refused
      '0000-01-01T00:00:00.000Z',
      '0050-01-01T00:00:00.000Z',
      '2024-03-15T08:30:00.1a3Z',
      '2024-0a-15T08:30:00.123Z',
      '２０２４-03-15T08:30:00.123Z',
    ];
    for (const text of others) assert.deepEqual(parseTimestamp(text), fromIso(text.trim()), text);
    assert.equal(iso('2024-03-15t08:30:00.000z'), '2024-03-15T08:30:00.000Z');
    assert.match(fails('2024-03-15T23:59:60.000Z'), /calendar/);
    assert.match(fails('1969-12-31T23:59:59.999Z'), /range/);
  });
});
