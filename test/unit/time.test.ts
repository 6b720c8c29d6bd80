import assert from 'node:assert/strict';
import { EPOCH_MS_THRESHOLD, parseTimestamp } from '../../nodes/lib/time';

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
