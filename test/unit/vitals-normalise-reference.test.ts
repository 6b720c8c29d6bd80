// The allocation-free normalise (one borrowed accumulator, values by position, keys walked with
// for-in and remembered by position, readings made by a constructor) against normalise.ts as it
// was before (test/support/reference/normalise-before.ts): the same result for every input —
// reading (values, key order, prototype), problems with their params, refusals and their reasons.
import assert from 'node:assert/strict';
import util from 'node:util';
import fc from 'fast-check';
import { DEFAULT_LIMITS, VITAL_NAMES, type Limits } from '../../nodes/lib/reading';
import { FIELD_ALIASES } from '../../nodes/vitals-parse/aliases';
import { normaliseEntries, normaliseObject, type NormaliseResult, type RawEntry } from '../../nodes/vitals-parse/normalise';
import * as before from '../support/reference/normalise-before';

const NOW = new Date('2025-06-01T12:00:00.000Z');
// The reference takes a Date only; the same options suit the new code (which also takes a function).
const OPTS: before.NormaliseOptions = { limits: DEFAULT_LIMITS as Limits, topic: 'health/p-9/vitals', topicSegment: 1, now: NOW };

/** Equal results, and readings equal down to their key order and prototype. */
function assertSame(got: NormaliseResult, want: ReturnType<typeof before.normaliseObject>): void {
  assert.deepStrictEqual(got, want);
  if (got.ok && want.ok) {
    assert.deepStrictEqual(Object.keys(got.reading), Object.keys(want.reading));
    assert.equal(Object.getPrototypeOf(got.reading), Object.prototype);
    assert.equal(JSON.stringify(got.reading), JSON.stringify(want.reading));
    assert.equal(util.inspect(got.reading, { depth: 5 }), util.inspect(want.reading, { depth: 5 }));
  }
}

// ---- generators: what devices send, what people type, and what an attacker would ----
const ALIASES = Object.values(FIELD_ALIASES).flat();
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ALIASES, 'heartRate', 'HR', 'Heart_Rate', 'SpO2', 'deviceId', 'patientId', 'timestamp', 'onOxygen', 'consciousness') },
  { weight: 2, arbitrary: fc.constantFrom('tempUnit', 'temp_units', 'bpUnit', 'weightUnits', 'glucoseUnit', 'unit', 'units', 'x', 'battery', '0', '1', '10') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf') },
  { weight: 2, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 38, maxLength: 45 }) },
);
const number = fc.oneof(
  fc.integer({ min: -10, max: 400 }),
  fc.double({ noNaN: false }),
  fc.constantFrom(-0, 0, 1, 37.1, 98.6, 1e308, -1e308, Number.MAX_VALUE, Number.MIN_VALUE, Number.NaN, Infinity, -Infinity, 1710491400, 1710491400000),
);
const text = fc.oneof(
  fc.constantFrom('72', '98.6F', '98.6 °F', '37 C', '120/80', '120/80 mmHg', '16/10.7 kPa', '16/10.7', '80/120', 'F', 'kPa', 'lb', 'mg/dL', 'g', '%', 'bpm'),
  fc.constantFrom('A', 'a', 'alert', 'C', 'new confusion', 'V', 'P', 'U', 'sleepy', 'yes', 'no', 'air', 'O2', 'true', 'false', '1', '0', '', ' '),
  fc.constantFrom('p-1', ' p-2 ', '2025-03-01T00:00:00.001Z', '2024-02-30T00:00:00.000Z', '2025-03-01 10:00', '2025-03-01T10:00:00+09:00', '1710491400', '-5', 'x'.repeat(201)),
  fc.string({ maxLength: 10 }),
);
const leaf = fc.oneof(number, text, fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(new Date('2025-03-01T00:00:00Z')), fc.constant(new Date(Number.NaN)));
const withUnit = fc.record({ value: fc.oneof(number, text, fc.constant(null), fc.constant({})), unit: fc.oneof(fc.constantFrom('bpm', '%', 'F', 'kg', 'lb', 'kPa', 'mmHg', 'x', ''), fc.constant(5)) }, { requiredKeys: [] });
const pressure = fc.record(
  { systolic: fc.oneof(number, text), diastolic: fc.oneof(number, text), mean: fc.oneof(number, text), sys: number, unit: fc.constantFrom('kPa', 'mmHg', 'x') },
  { requiredKeys: [] },
);
/** A nested object with a forbidden key of its own (as JSON.parse makes one). */
const poisoned = fc.constantFrom('{"__proto__":{"x":1},"value":72}', '{"constructor":1,"systolic":120}', '{"value":{"__proto__":1}}').map((s) => JSON.parse(s) as unknown);
const value = fc.oneof({ weight: 8, arbitrary: leaf }, { weight: 2, arbitrary: withUnit }, { weight: 2, arbitrary: pressure }, { weight: 1, arbitrary: poisoned }, { weight: 1, arbitrary: fc.array(number, { maxLength: 2 }) });
const pairs = fc.array(fc.tuple(key, value), { maxLength: 14 });
const limits = fc.oneof(
  fc.constant(DEFAULT_LIMITS as Limits),
  fc.constant({ ...(DEFAULT_LIMITS as Limits), temperature: [-50, 50], weight: [-1, 1], heartRate: [0, 1e308] } as Limits),
);

/** Own enumerable keys exactly as given, `__proto__` included (as JSON.parse makes them). */
function objectOf(list: [string, unknown][]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const [k, v] of list) Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
  return obj;
}

describe('vitals-parse normalise against the code it replaced', () => {
  it('gives the same result for random and hostile objects', () => {
    fc.assert(
      fc.property(pairs, limits, fc.boolean(), (list, lim, withTopic) => {
        const obj = objectOf(list);
        const opts = { ...OPTS, limits: lim, topic: withTopic ? OPTS.topic : undefined };
        assertSame(normaliseObject(obj, opts), before.normaliseObject(obj, opts));
      }),
      { numRuns: 8000 },
    );
  });

  it('gives the same result for device-like objects: most fields present, each value good or bad', () => {
    const field = (good: fc.Arbitrary<unknown>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: value });
    const device = fc.record(
      {
        patientId: field(fc.constantFrom('p-001', 'p-2', ' p ', '')),
        deviceId: field(fc.constantFrom('dev-1', 'cuff')),
        timestamp: field(fc.constantFrom('2025-03-01T00:00:00.000Z', '2025-03-01T00:00:00Z', 1710491400, '2024-02-30T00:00:00.000Z')),
        heartRate: field(fc.integer({ min: 10, max: 320 })),
        respiratoryRate: field(fc.integer({ min: 0, max: 90 })),
        spo2: field(fc.integer({ min: 40, max: 101 })),
        temperature: field(fc.double({ min: 20, max: 46, noNaN: true })),
        systolic: field(fc.integer({ min: 30, max: 310 })),
        diastolic: field(fc.integer({ min: 10, max: 210 })),
        bp: field(fc.constantFrom('120/80', '16/10.7 kPa', '80/120')),
        map: field(fc.integer({ min: 20, max: 260 })),
        glucose: field(fc.double({ min: 0, max: 60, noNaN: true })),
        weight: field(fc.double({ min: 0, max: 500, noNaN: true })),
        onOxygen: field(fc.constantFrom(true, false, 'yes', 'air', 1, 0)),
        consciousness: field(fc.constantFrom('A', 'C', 'V', 'P', 'U', 'alert', 'pain')),
        tempUnit: field(fc.constantFrom('C', 'F', 'K')),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(device, limits, (obj, lim) => {
        const opts = { ...OPTS, limits: lim };
        assertSame(normaliseObject(obj, opts), before.normaliseObject(obj, opts));
      }),
      { numRuns: 8000 },
    );
  });

  it('gives the same result for random entries with units beside the values (text lines)', () => {
    const unit = fc.option(fc.constantFrom('bpm', '%', 'F', '°F', 'kPa', 'mmHg', 'lb', 'kg', 'mg/dL', '', 'x'), { nil: undefined });
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.oneof(text, number), unit), { maxLength: 12 }), limits, (list, lim) => {
        const entries: RawEntry[] = list.map(([k, v, u]) => (u === undefined ? { key: k, value: v } : { key: k, value: v, unit: u }));
        const opts = { ...OPTS, limits: lim };
        assertSame(normaliseEntries(entries, opts), before.normaliseEntries(entries, opts));
      }),
      { numRuns: 10000 },
    );
  });

  it('gives the same result for JSON text parsed into objects, keys and values as devices send them', () => {
    const json = fc.dictionary(key, fc.oneof(number.filter(Number.isFinite), text, fc.boolean(), fc.constant(null)), { maxKeys: 12 }).map((o) => JSON.stringify(o));
    fc.assert(
      fc.property(json, (s) => {
        assertSame(normaliseObject(JSON.parse(s), OPTS), before.normaliseObject(JSON.parse(s), OPTS));
      }),
      { numRuns: 5000 },
    );
  });

  it('remembers nothing of one message in the next: the same keys in new orders, again and again', () => {
    // The key memo is by position: reorder the same keys so that every position changes meaning.
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 9 }), (list, shift) => {
        for (let i = 0; i < 3; i++) {
          const turned = list.map((_, j) => list[(j + i * shift) % list.length]);
          const obj = objectOf(turned);
          assertSame(normaliseObject(obj, OPTS), before.normaliseObject(obj, OPTS));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('hands out arrays of its own: a later message never changes an earlier result', () => {
    const first = normaliseObject({ hr: 500, spo2: 98, temp: 'x' }, OPTS);
    assert.ok(first.ok);
    const copy = JSON.parse(JSON.stringify(first));
    normaliseObject({ hr: 600, spo2: 10, rr: 'y' }, OPTS);
    normaliseObject({ hr: 70 }, OPTS);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(first)), copy);
    assert.notEqual(first.problems, (normaliseObject({ hr: 500, spo2: 98 }, OPTS) as typeof first).problems);
  });

  it('gives the same result when a getter of the payload parses another payload meanwhile', () => {
    const inner = { hr: 500, spo2: 97, temp: '98.6F', device: 'inner' };
    let innerResult: NormaliseResult | undefined;
    const outer: Record<string, unknown> = { spo2: 95, rr: 400 };
    Object.defineProperty(outer, 'hr', {
      enumerable: true,
      get() {
        innerResult = normaliseObject(inner, OPTS);
        return 71;
      },
    });
    Object.defineProperty(outer, 'device', { enumerable: true, value: 'outer' });
    const got = normaliseObject(outer, OPTS);
    assert.deepStrictEqual(innerResult, before.normaliseObject(inner, OPTS));
    assert.deepStrictEqual(got, before.normaliseObject({ spo2: 95, rr: 400, hr: 71, device: 'outer' }, OPTS));
  });

  it('skips inherited keys, as Object.keys does, even from a polluted Object.prototype', () => {
    const child = Object.create({ hr: 300, spo2: 10 }) as Record<string, unknown>;
    child.rr = 14;
    assertSame(normaliseObject(child, OPTS), before.normaliseObject(child, OPTS));
    const proto = Object.prototype as Record<string, unknown>;
    proto.temp = 20;
    try {
      const obj = { hr: 70, spo2: 97 };
      assertSame(normaliseObject(obj, OPTS), before.normaliseObject(obj, OPTS));
    } finally {
      delete proto.temp;
    }
  });

  it('reads the receive time only for a payload without a timestamp of its own', () => {
    let calls = 0;
    const now = () => {
      calls++;
      return NOW;
    };
    const own = normaliseObject({ hr: 70, ts: '2025-03-01T00:00:00.000Z' }, { ...OPTS, now });
    assert.equal(calls, 0);
    assertSame(own, before.normaliseObject({ hr: 70, ts: '2025-03-01T00:00:00.000Z' }, OPTS));
    const none = normaliseObject({ hr: 70 }, { ...OPTS, now });
    assert.equal(calls, 1);
    assertSame(none, before.normaliseObject({ hr: 70 }, OPTS));
  });

  it('keeps every vital that reading.ts names, in its order', () => {
    const all = Object.fromEntries(VITAL_NAMES.map((n, i) => [n, 40 + i]));
    const limitsWide = Object.fromEntries(VITAL_NAMES.map((n) => [n, [0, 1000]])) as unknown as Limits;
    const opts = { ...OPTS, limits: limitsWide };
    assertSame(normaliseObject({ ...all, onOxygen: true, consciousness: 'V', patientId: 'p', deviceId: 'd' }, opts), before.normaliseObject({ ...all, onOxygen: true, consciousness: 'V', patientId: 'p', deviceId: 'd' }, opts));
  });
});
