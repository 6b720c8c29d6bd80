// Property-based robustness of the BLE decoder: random, truncated and oversized input never
// throws, every rejection names its reason, and no NaN or Infinity reaches an output.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBle, decodeFloat, decodeSfloat, KNOWN_CHARACTERISTICS } from '../../../nodes/vitals-parse/ble';
import type { BleDecodeResult } from '../../../nodes/vitals-parse/ble';
import { allCases, packetOf } from './ble-model.test';
import { floatWord, sfloatWord } from './ble-encoder.test';

const REJECT_REASONS = ['empty-input', 'bad-encoding', 'unknown-characteristic', 'too-short', 'bad-option'];
const ABSENT_REASONS = [
  'not-a-number',
  'nres',
  'positive-infinity',
  'negative-infinity',
  'reserved',
  'measurement-unsuccessful',
  'unknown-user',
  'unknown',
  'out-of-range',
  'device-clock-not-set',
];
const RUNS = { numRuns: 400 };

/** Paths of every number in a value that is NaN or infinite (and of any undefined). */
export function nonFinite(v: unknown, path = '$'): string[] {
  if (typeof v === 'number') return Number.isFinite(v) ? [] : [`${path} = ${v}`];
  if (v === undefined) return [`${path} = undefined`];
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => nonFinite(x, `${path}.${k}`));
}

/** The invariants every decodeBle result must keep, whatever went in. */
function checkResult(r: BleDecodeResult, inputLength?: number): void {
  assert.deepEqual(nonFinite(r), [], 'no NaN, Infinity or undefined in the result');
  if (!r.ok) {
    assert.ok(REJECT_REASONS.includes(r.reason), `reason ${r.reason}`);
    assert.ok(typeof r.message === 'string' && r.message.length > 10, 'a message');
    assert.ok(typeof r.field === 'string' && r.field.length > 0, 'names the field');
    if (r.reason === 'too-short') {
      assert.ok(Number.isInteger(r.offset) && r.offset! >= 0);
      if (inputLength !== undefined) assert.ok(r.offset! <= inputLength, 'offset inside the packet');
    }
    return;
  }
  const reading = r.reading as Record<string, unknown>;
  for (const a of r.reading.absent ?? []) {
    assert.ok(ABSENT_REASONS.includes(a.reason), a.reason);
    assert.equal(reading[a.field], undefined, `${a.field} absent and present`);
  }
  if (r.reading.timestamp !== undefined) assert.equal(new Date(r.reading.timestamp).toISOString(), r.reading.timestamp);
  assert.ok(Number.isInteger(r.ignoredBytes) && r.ignoredBytes >= 0);
  if (inputLength !== undefined) assert.ok(r.ignoredBytes < inputLength);
}

const characteristic = fc.constantFrom(...KNOWN_CHARACTERISTICS.map((c) => c.uuid));

describe('BLE decoder properties', function () {
  it('random bytes for every characteristic: a reading or a named rejection, nothing else', function () {
    fc.assert(
      fc.property(characteristic, fc.uint8Array({ minLength: 0, maxLength: 40 }), (uuid, bytes) => {
        checkResult(decodeBle(Buffer.from(bytes), uuid), bytes.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('anything at all as value, characteristic and options never throws', function () {
    fc.assert(
      fc.property(fc.anything(), fc.oneof(fc.anything(), characteristic), fc.anything(), (value, ch, options) => {
        let r: BleDecodeResult | undefined;
        assert.doesNotThrow(() => {
          r = decodeBle(value, ch, options as never);
        });
        checkResult(r!);
      }),
      RUNS,
    );
  });

  it('random strings in every encoding never throw', function () {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        characteristic,
        fc.constantFrom('auto', 'hex', 'base64', 'buffer' as const),
        (s, uuid, encoding) => {
          checkResult(decodeBle(s, uuid, { encoding }));
        },
      ),
      RUNS,
    );
  });

  it('hex and base64 renderings of the same bytes decode to the same result as the Buffer', function () {
    fc.assert(
      fc.property(
        characteristic,
        fc.uint8Array({ minLength: 1, maxLength: 30 }),
        fc.constantFrom('', ' ', ':', '-'),
        fc.boolean(),
        (uuid, bytes, sep, prefix) => {
          const buf = Buffer.from(bytes);
          const expected = decodeBle(buf, uuid);
          const hex = (prefix ? '0x' : '') + [...buf].map((b) => b.toString(16).padStart(2, '0')).join(sep);
          assert.deepEqual(decodeBle(hex, uuid), expected);
          assert.deepEqual(decodeBle(hex.toUpperCase().replace('0X', '0x'), uuid, { encoding: 'hex' }), expected);
          assert.deepEqual(decodeBle(buf.toString('base64'), uuid, { encoding: 'base64' }), expected);
        },
      ),
      RUNS,
    );
  });

  const cases = allCases();
  it('truncated valid packets are rejected as too short at a field inside the packet', function () {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: cases.length - 1 }), fc.nat(), (i, cut) => {
        const c = cases[i];
        const bytes = packetOf(c);
        const n = 1 + (cut % (bytes.length - 1 || 1));
        if (n >= bytes.length) return;
        const r = decodeBle(Buffer.from(bytes.slice(0, n)), c.characteristic);
        checkResult(r, n);
        if (n < (c.minValidLength ?? bytes.length)) {
          assert.equal(r.ok, false);
          assert.equal((r as { reason: string }).reason, 'too-short');
        }
      }),
      RUNS,
    );
  });

  it('oversized packets decode as the packet without its tail (RR intervals aside)', function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: cases.length - 1 }),
        fc.uint8Array({ minLength: 1, maxLength: 600 }),
        (i, tail) => {
          const c = cases[i];
          const bytes = packetOf(c);
          const r = decodeBle(Buffer.from([...bytes, ...tail]), c.characteristic);
          checkResult(r, bytes.length + tail.length);
          assert.ok(r.ok);
          const plain = decodeBle(Buffer.from(bytes), c.characteristic);
          assert.ok(plain.ok);
          if (r.reading.rrIntervals) {
            assert.deepEqual(
              r.reading.rrIntervals.slice(0, plain.reading.rrIntervals!.length),
              plain.reading.rrIntervals,
            );
            assert.equal(r.ignoredBytes, tail.length % 2);
          } else {
            assert.deepEqual(r.reading, plain.reading);
            assert.equal(r.ignoredBytes, tail.length);
          }
        },
      ),
      RUNS,
    );
  });

  it('every SFLOAT and FLOAT word is a finite number or a named special', function () {
    for (let w = 0; w <= 0xffff; w++) {
      const d = decodeSfloat(w);
      if (d.kind === 'number')
        assert.ok(Number.isFinite(d.value) && Number.isInteger(d.decimals), `0x${w.toString(16)}`);
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (w) => {
        const d = decodeFloat(w);
        if (d.kind === 'number') assert.ok(Number.isFinite(d.value) && d.decimals >= 0 && d.decimals <= 128);
      }),
      { numRuns: 5000 },
    );
  });

  it('decoding inverts the test encoder for every representable SFLOAT and FLOAT', function () {
    fc.assert(
      fc.property(fc.integer({ min: -2048, max: 2047 }), fc.integer({ min: -8, max: 7 }), (m, e) => {
        const word = sfloatWord(m * 10 ** e, e);
        const d = decodeSfloat(word);
        // Exponent 0 with mantissa 0x7FE, 0x7FF, -0x800, -0x7FF, -0x7FE are the reserved words.
        if ([0x07fe, 0x07ff, 0x0800, 0x0801, 0x0802].includes(word)) return assert.equal(d.kind, 'special');
        assert.equal(d.kind, 'number');
        assert.ok(d.kind === 'number' && Math.abs(d.value - m * 10 ** e) <= 1e-9 * Math.max(1, Math.abs(m * 10 ** e)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 23) + 3, max: 2 ** 23 - 3 }), fc.integer({ min: -10, max: 10 }), (m, e) => {
        const d = decodeFloat(floatWord(m * 10 ** e, e));
        assert.ok(d.kind === 'number' && Math.abs(d.value - m * 10 ** e) <= 1e-9 * Math.max(1, Math.abs(m * 10 ** e)));
      }),
      { numRuns: 3000 },
    );
  });
});
