// The news2 node's per-message shortcuts must give exactly what the general code gives:
// the timestamp parser against Date.parse, the output (in place, or a copy) against a spread, the in-place
// memory fill against combine(), hasAnyVital and bandOf against their old definitions.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assess } from '../../nodes/news2/assess';
import { bandFor, bandOf } from '../../nodes/news2/band';
import { REMEMBERED, VitalsMemory, type Carried, type KeySpace, type RememberedField } from '../../nodes/news2/combine';
import { emptyInputs, hasAnyVital, readInputs, readInputsInto, type Checked, type InputError } from '../../nodes/news2/input';
import { parseTime } from '../../nodes/news2/iso-time';
import { canonicalIsoMs } from '../../nodes/lib/time';
import { withNews2 } from '../../nodes/news2/output';
import { scoreParameters, type News2Inputs } from '../../nodes/news2/score';


// The memory as it was before the fast paths (git 88d3e2a, nodes/news2/combine.ts), kept
// here verbatim as the reference the faster one must match message for message.
interface RefHeld {
  value: number | boolean | string;
  timestamp?: string;
  measuredMs: number;
  receivedMs: number;
}
interface RefEntry {
  fields: Partial<Record<RememberedField, RefHeld>>;
  lastSeenMs: number;
}
const referenceParseTime = (t: string | undefined): number => (typeof t === 'string' ? Date.parse(t) : NaN);

class ReferenceMemory {
  private readonly windowMs: number;
  private readonly maxPatients: number;
  private readonly now: () => number;
  // A Map iterates in insertion order; re-inserting on every visit keeps it in
  // least-recently-seen order, which both eviction and expiry sweeps rely on.
  private readonly patients = new Map<string, RefEntry>();

  constructor(options: { windowSeconds: number; maxPatients: number; now?: () => number }) {
    this.windowMs = Math.max(0, options.windowSeconds) * 1000;
    this.maxPatients = Math.max(1, Math.floor(options.maxPatients));
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  /** Number of patients currently held. */
  get size(): number {
    return this.patients.size;
  }

  /**
   * Fill the gaps in `inputs` from this patient's earlier values still inside the
   * window, then remember the values present now. `key` is patientId else deviceId;
   * without a key, or with combining off, nothing is carried or held.
   */
  combine(key: string | undefined, inputs: News2Inputs, timestamp: string | undefined): { inputs: News2Inputs; carried: Carried } {
    if (!this.enabled || !key) return { inputs: { ...inputs }, carried: {} };
    const nowMs = this.now();
    this.sweep(nowMs);
    const measuredMs = referenceParseTime(timestamp);
    const entry = this.patients.get(key) ?? { fields: {}, lastSeenMs: nowMs };
    this.patients.delete(key);

    const merged: Record<string, unknown> = { ...inputs };
    const carried: Carried = {};
    for (const field of REMEMBERED) {
      const held = entry.fields[field];
      if (!held) continue;
      if (nowMs - held.receivedMs > this.windowMs) {
        delete entry.fields[field];
        continue;
      }
      if (merged[field] !== undefined || !this.measuredClose(held, measuredMs)) continue;
      merged[field] = held.value;
      carried[field] = {
        value: held.value,
        ...(held.timestamp !== undefined ? { timestamp: held.timestamp } : {}),
        ageSeconds: (nowMs - held.receivedMs) / 1000,
      };
    }

    for (const field of REMEMBERED) {
      const value = inputs[field];
      if (value === undefined) continue;
      const held = entry.fields[field];
      // A late upload of an older measurement must not replace a newer one.
      if (held && held.measuredMs > measuredMs) continue;
      entry.fields[field] = { value, timestamp, measuredMs, receivedMs: nowMs };
    }
    entry.lastSeenMs = nowMs;
    this.patients.set(key, entry);
    while (this.patients.size > this.maxPatients) {
      const oldest = this.patients.keys().next().value as string;
      this.patients.delete(oldest);
    }
    return { inputs: merged as News2Inputs, carried };
  }

  /** Forget everything (on node close or redeploy). */
  clear(): void {
    this.patients.clear();
  }

  /** Measured within the window of the current reading (either way), when both times are known. */
  private measuredClose(held: RefHeld, measuredMs: number): boolean {
    if (Number.isFinite(measuredMs) && Number.isFinite(held.measuredMs)) {
      return Math.abs(measuredMs - held.measuredMs) <= this.windowMs;
    }
    return true;
  }

  /** Drop patients not seen for longer than the window: none of their values could be used. */
  private sweep(nowMs: number): void {
    for (const [key, entry] of this.patients) {
      if (nowMs - entry.lastSeenMs <= this.windowMs) break;
      this.patients.delete(key);
    }
  }
}

describe('news2 fast paths: timestamp', () => {
  it('the toISOString form is read without Date.parse, and agrees with it', () => {
    for (const t of ['2025-03-01T00:00:00.000Z', '2024-02-28T23:59:59.999Z', '2024-02-29T12:00:00.000Z', '1970-01-01T00:00:00.000Z', '9999-12-31T12:34:56.789Z']) {
      assert.equal(canonicalIsoMs(t), Date.parse(t), t);
      assert.equal(parseTime(t), Date.parse(t), t);
    }
  });
  it('any instant from toISOString (years 100 to 9999) parses as Date.parse does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -59011459200000, max: 253402300799999 }), (ms) => {
        const t = new Date(ms).toISOString();
        assert.equal(parseTime(t), Date.parse(t));
        assert.equal(parseTime(t), ms);
      }),
      { numRuns: 2000 },
    );
  });
  it('other forms and out-of-range fields are left to Date.parse', () => {
    const others = [
      '2023-02-29T00:00:00.000Z', // not a leap year
      '2024-02-30T00:00:00.000Z',
      '2024-04-31T10:00:00.000Z',
      '2024-13-01T00:00:00.000Z',
      '2024-00-10T00:00:00.000Z',
      '2024-01-00T00:00:00.000Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01T23:60:00.000Z',
      '2024-01-01T23:59:60.000Z',
      '1969-12-31T23:59:59.999Z', // before 1970: the fast read leaves it to Date.parse
      '0099-01-01T00:00:00.000Z', // Date.UTC would read 99 as 1999
      '0000-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.000+01:00',
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00.000z',
      '2024-01-01 00:00:00.000Z',
      '2024-01-01T00:00:00,000Z',
      '2024-01-0aT00:00:00.000Z',
      '+02024-01-01T00:00:00.00Z',
      '2024-01-01',
      'yesterday',
      '',
    ];
    for (const t of others) {
      assert.equal(canonicalIsoMs(t), -1, t);
      assert.deepEqual(parseTime(t), Date.parse(t), t);
    }
  });
  it('no timestamp is NaN', () => {
    assert.ok(Number.isNaN(parseTime(undefined)));
  });
});

describe('news2 fast paths: assessment and scores made by constructors', () => {
  // What a literal would have made: the same prototype, constructor, keys in the same order.
  const literal = (inputs: News2Inputs, scale: 1 | 2, carried?: object) => {
    const s = scoreParameters(inputs, scale);
    const scores = { respiratoryRate: s.respiratoryRate, spo2: s.spo2, oxygen: s.oxygen, systolic: s.systolic, heartRate: s.heartRate, consciousness: s.consciousness, temperature: s.temperature };
    const a = assess(inputs, scale);
    const base = { total: a.total, band: a.band, scores, complete: a.complete, missing: [...a.missing], scale: a.scale };
    return carried === undefined ? base : { ...base, carried };
  };
  const vital = fc.option(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 300, noNaN: true })), { nil: undefined });
  const inputsArb = fc.record({
    respiratoryRate: vital,
    spo2: vital,
    onOxygen: fc.option(fc.boolean(), { nil: undefined }),
    systolic: vital,
    heartRate: vital,
    consciousness: fc.option(fc.constantFrom('A', 'C', 'V', 'P', 'U'), { nil: undefined }),
    temperature: vital,
  }) as fc.Arbitrary<News2Inputs>;
  it('are ordinary objects: prototype Object.prototype, constructor Object, the literal\'s keys, order and values', () => {
    fc.assert(
      fc.property(inputsArb, fc.constantFrom(1 as const, 2 as const), fc.option(fc.constant({ systolic: { value: 120 } }), { nil: undefined }), (inputs, scale, carried) => {
        const made = carried === undefined ? assess(inputs, scale) : assess(inputs, scale, carried);
        const expected = literal(inputs, scale, carried);
        for (const o of [made, made.scores]) {
          assert.equal(Object.getPrototypeOf(o), Object.prototype);
          assert.equal(o.constructor, Object);
        }
        assert.deepEqual(Object.keys(made), Object.keys(expected));
        assert.deepEqual(Object.keys(made.scores), Object.keys(expected.scores));
        assert.deepEqual(made, expected);
        assert.equal(JSON.stringify(made), JSON.stringify(expected));
      }),
    );
  });
});

describe('news2 output: news2 set on the reading', () => {
  const spread = (p: Record<string, unknown>, n: object) => ({ ...p, news2: n });
  it('a plain reading gets news2 in place: the same object, its keys and values as a spread gives', () => {
    const payload: Record<string, unknown> = { deviceId: 'd', heartRate: 80, dropped: [{ field: 'x' }] };
    const expected = spread(payload, { total: 1 });
    const news2 = { total: 1 };
    const out = withNews2(payload, news2);
    assert.equal(out, payload);
    assert.equal(out.news2, news2);
    assert.deepEqual(Reflect.ownKeys(out), Reflect.ownKeys(expected));
    assert.deepEqual(out, expected);
  });
  it('an existing news2 keeps its place and gets the new value', () => {
    const payload: Record<string, unknown> = { a: 1, news2: 'old', b: 2 };
    const out = withNews2(payload, { total: 3 });
    assert.equal(out, payload);
    assert.deepEqual(Object.keys(out), ['a', 'news2', 'b']);
    assert.deepEqual(out.news2, { total: 3 });
  });
  it('an object made by JSON.parse, "__proto__" key included, is changed in place and its prototype stays Object', () => {
    const payload = JSON.parse('{"deviceId":"d","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const out = withNews2(payload, { total: 0 });
    assert.equal(out, payload);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((out as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['deviceId', '__proto__', 'news2']);
  });
  // What cannot take the key as a plain data property is copied, and the original is left as it was.
  const copied: [string, () => Record<string, unknown>][] = [
    ['frozen', () => Object.freeze({ deviceId: 'd', heartRate: 80 })],
    ['sealed', () => Object.seal({ deviceId: 'd', heartRate: 80 })],
    ['not extensible', () => Object.preventExtensions({ deviceId: 'd', heartRate: 80 })],
    ['a read-only own news2', () => Object.defineProperty({ deviceId: 'd' }, 'news2', { value: 'old', writable: false, enumerable: true })],
    ['an accessor news2', () => Object.defineProperty({ deviceId: 'd' }, 'news2', { get: () => 'old', set: () => undefined, enumerable: true, configurable: true })],
    ['a class instance', () => Object.assign(new (class Reading {})(), { deviceId: 'd', heartRate: 80 }) as unknown as Record<string, unknown>],
  ];
  for (const [what, make] of copied) {
    it(`${what}: a copy as a spread gives it, the payload unchanged`, () => {
      const payload = make();
      const before = Object.getOwnPropertyDescriptors(payload);
      const news2 = { total: 2 };
      const out = withNews2(payload, news2);
      assert.notEqual(out, payload);
      assert.deepEqual(Reflect.ownKeys(out), Reflect.ownKeys(spread(payload, news2)));
      assert.deepEqual({ ...out }, { ...spread(payload, news2) });
      assert.equal(out.news2, news2);
      assert.deepEqual(Object.getOwnPropertyDescriptors(payload), before);
    });
  }
  it('a copy leaves out what a spread leaves out (non-enumerable and inherited keys)', () => {
    const payload = Object.create({ inherited: 1 }) as Record<string, unknown>;
    Object.defineProperty(payload, 'hidden', { value: 1, enumerable: false });
    payload.shown = 2;
    assert.deepEqual(Object.keys(withNews2(payload, {})), ['shown', 'news2']);
  });
  it('a copy of a payload with an own "__proto__" key keeps it a property, the prototype stays Object', () => {
    const payload = Object.freeze(JSON.parse('{"deviceId":"d","__proto__":{"polluted":true}}')) as Record<string, unknown>;
    const out = withNews2(payload, { total: 0 });
    assert.notEqual(out, payload);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.equal((out as { polluted?: boolean }).polluted, undefined);
    assert.deepEqual(Object.keys(out), ['deviceId', '__proto__', 'news2']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { polluted: true });
  });
});

describe('news2 fast paths: memory fill in place', () => {
  const FIELDS = ['respiratoryRate', 'spo2', 'onOxygen', 'systolic', 'heartRate', 'consciousness', 'temperature'] as const;
  const value = (f: (typeof FIELDS)[number], n: number): number | boolean | string =>
    f === 'onOxygen' ? n % 2 === 0 : f === 'consciousness' ? 'ACVPU'[n % 5] : n;

  it('fill() gives the same inputs, carried values and patients held as the memory before it, message after message', () => {
    // Random messages: a patient, a subset of fields, a clock step, a timestamp (or none, or a late one).
    const message = fc.record({
      patient: fc.constantFrom('p1', 'p2', 'p3', 'p4', undefined),
      fields: fc.subarray([...FIELDS]),
      n: fc.integer({ min: 1, max: 200 }),
      step: fc.integer({ min: 0, max: 200 }),
      lag: fc.option(fc.integer({ min: -400, max: 400 })),
    });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), fc.constantFrom(0, 60, 300), fc.integer({ min: 1, max: 4 }), (msgs, windowS, maxPatients) => {
        let t = Date.parse('2025-03-01T00:00:00.000Z');
        const now = () => t;
        const a = new ReferenceMemory({ windowSeconds: windowS, maxPatients, now });
        const b = new VitalsMemory({ windowSeconds: windowS, maxPatients, now });
        for (const m of msgs) {
          t += m.step * 1000;
          const inputs: Record<string, unknown> = {};
          for (const f of m.fields) inputs[f] = value(f, m.n);
          const ts = m.lag === null ? undefined : new Date(t - m.lag * 1000).toISOString();
          const viaCombine = a.combine(m.patient, inputs as News2Inputs, ts);
          const own = { ...inputs } as News2Inputs;
          const carried = b.fill(m.patient, own, ts);
          assert.deepEqual(own, viaCombine.inputs);
          assert.deepEqual(Object.keys(carried), Object.keys(viaCombine.carried));
          assert.deepEqual(carried, viaCombine.carried);
          assert.equal(b.size, a.size);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('ids in two key spaces behave as the old "p:"/"d:" keys in one: same inputs, carried values and eviction', () => {
    const message = fc.record({
      id: fc.constantFrom('a', 'b', 'c', 'p:a', ''),
      space: fc.constantFrom<KeySpace>('patient', 'device'),
      fields: fc.subarray([...FIELDS]),
      n: fc.integer({ min: 1, max: 200 }),
      step: fc.integer({ min: 0, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(message, { maxLength: 40 }), fc.constantFrom(60, 300), fc.integer({ min: 1, max: 4 }), (msgs, windowS, maxPatients) => {
        let t = 0;
        const now = () => t;
        const prefixed = new ReferenceMemory({ windowSeconds: windowS, maxPatients, now });
        const spaced = new VitalsMemory({ windowSeconds: windowS, maxPatients, now });
        for (const m of msgs) {
          t += m.step * 1000;
          const inputs: Record<string, unknown> = {};
          for (const f of m.fields) inputs[f] = value(f, m.n);
          const key = m.id === '' ? undefined : m.id;
          const viaPrefix = prefixed.combine(key === undefined ? undefined : `${m.space === 'patient' ? 'p' : 'd'}:${key}`, inputs as News2Inputs, undefined);
          const own = { ...inputs } as News2Inputs;
          const carried = spaced.fill(key, own, undefined, m.space);
          assert.deepEqual(own, viaPrefix.inputs);
          assert.deepEqual(carried, viaPrefix.carried);
          assert.equal(spaced.size, prefixed.size);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('combine() and fill() agree', () => {
    const a = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => 0 });
    const b = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => 0 });
    a.combine('p', { systolic: 120, onOxygen: true }, undefined);
    b.fill('p', { systolic: 120, onOxygen: true }, undefined);
    const own: News2Inputs = { heartRate: 70 };
    const carried = b.fill('p', own, undefined);
    assert.deepEqual(a.combine('p', { heartRate: 70 }, undefined), { inputs: own, carried });
  });

  it('every field is carried, under its own name, with its timestamp', () => {
    let t = 1_000_000;
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => t });
    const first: News2Inputs = { respiratoryRate: 12, spo2: 97, onOxygen: true, systolic: 120, heartRate: 70, consciousness: 'V', temperature: 37.5 };
    m.fill('p', { ...first }, '2025-03-01T00:00:00.000Z');
    t += 2000;
    const empty: News2Inputs = {};
    const carried = m.fill('p', empty, '2025-03-01T00:00:02.000Z');
    assert.deepEqual(empty, first);
    assert.deepEqual(Object.keys(carried), ['respiratoryRate', 'spo2', 'onOxygen', 'systolic', 'heartRate', 'consciousness', 'temperature']);
    for (const [k, v] of Object.entries(first)) {
      assert.deepEqual(carried[k as keyof typeof carried], { value: v, timestamp: '2025-03-01T00:00:00.000Z', ageSeconds: 2 });
    }
  });

  it('a carried value is not remembered as a new one (its age keeps counting from the original)', () => {
    let t = 0;
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => t });
    m.fill('p', { systolic: 120 }, undefined);
    t = 200_000;
    m.fill('p', { heartRate: 70 }, undefined); // systolic carried, not renewed
    t = 301_000;
    const inputs: News2Inputs = {};
    m.fill('p', inputs, undefined);
    assert.deepEqual(inputs, { heartRate: 70 });
  });

  it('combine() does not change the inputs it is given', () => {
    const m = new VitalsMemory({ windowSeconds: 300, maxPatients: 5, now: () => 0 });
    m.combine('p', { systolic: 120 }, undefined);
    const inputs: News2Inputs = { heartRate: 70 };
    const r = m.combine('p', inputs, undefined);
    assert.deepEqual(inputs, { heartRate: 70 });
    assert.deepEqual(r.inputs, { heartRate: 70, systolic: 120 });
  });
});

describe('news2 fast paths: small checks', () => {
  it('hasAnyVital is "some value is not undefined" over the read inputs', () => {
    const old = (i: News2Inputs) => Object.values(i).some((v) => v !== undefined);
    for (const p of [{}, { heartRate: 80 }, { onOxygen: false }, { consciousness: 'A' }, { temperature: 37 }, { glucose: 5 }, { heartRate: null }]) {
      const read = readInputs(p as Record<string, unknown>);
      assert.ok(read.ok);
      if (read.ok) assert.equal(hasAnyVital(read.value), old(read.value), JSON.stringify(p));
    }
    assert.equal(hasAnyVital({ heartRate: undefined }), false);
  });
  it('readInputs accepts ACVPU as written and as typed by a person, and refuses the rest', () => {
    for (const c of ['A', 'C', 'V', 'P', 'U']) assert.deepEqual(readInputs({ consciousness: c }), { ok: true, value: { consciousness: c } });
    assert.deepEqual(readInputs({ consciousness: ' v ' }), { ok: true, value: { consciousness: 'V' } });
    for (const c of ['a ', 'x', '', 3]) {
      const r = readInputs({ consciousness: c });
      assert.equal(r.ok, c === 'a ');
    }
  });
  it('readInputs reports the first bad number in the chart order it always used', () => {
    const r = readInputs({ temperature: 'hot', spo2: 'low', heartRate: NaN });
    assert.deepEqual(r, { ok: false, error: { code: 'notNumber', field: 'spo2', value: 'low' } });
    assert.deepEqual(Object.keys((readInputs({ temperature: 37, onOxygen: true, heartRate: 80, consciousness: 'A', systolic: 120, spo2: 97, respiratoryRate: 12 }) as { value: object }).value), [
      'respiratoryRate', 'spo2', 'systolic', 'heartRate', 'temperature', 'onOxygen', 'consciousness',
    ]);
  });
  it('assess bands as bandFor does', () => {
    fc.assert(
      fc.property(
        fc.record({ respiratoryRate: fc.integer({ min: 2, max: 60 }), heartRate: fc.integer({ min: 20, max: 200 }), consciousness: fc.constantFrom('A', 'V' as const) }, { requiredKeys: [] }),
        (inputs) => {
          const r = assess(inputs as News2Inputs, 1);
          assert.equal(r.band, bandFor(r.total, r.scores));
        },
      ),
    );
    assert.equal(bandOf(4, true), 'low-medium');
    assert.equal(bandOf(4, false), 'low');
    assert.equal(bandOf(5, true), 'medium');
    assert.equal(bandOf(7, false), 'high');
  });
});

// readInputs in its plain form (a loop over the names, as before it was unrolled field by
// field): the reference that readInputs and readInputsInto must both match.
function referenceReadInputs(payload: Record<string, unknown>): Checked<News2Inputs> {
  const inputs: News2Inputs = {};
  for (const field of ['respiratoryRate', 'spo2', 'systolic', 'heartRate', 'temperature'] as const) {
    const v = payload[field];
    if (v !== undefined && v !== null) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return { ok: false, error: { code: 'notNumber', field, value: v } };
      inputs[field] = v;
    }
  }
  const o2 = payload.onOxygen;
  if (o2 !== undefined && o2 !== null) {
    if (typeof o2 !== 'boolean') return { ok: false, error: { code: 'notBoolean', field: 'onOxygen', value: o2 } };
    inputs.onOxygen = o2;
  }
  const c = payload.consciousness;
  if (c !== undefined && c !== null) {
    const level = c === 'A' || c === 'C' || c === 'V' || c === 'P' || c === 'U' ? c : typeof c === 'string' ? c.trim().toUpperCase() : '';
    if (!['A', 'C', 'V', 'P', 'U'].includes(level)) return { ok: false, error: { code: 'badConsciousness', field: 'consciousness', value: c } };
    inputs.consciousness = level as News2Inputs['consciousness'];
  }
  return { ok: true, value: inputs };
}

describe('news2 fast paths: reading into one reused object', () => {
  const NAMES = ['respiratoryRate', 'spo2', 'onOxygen', 'systolic', 'heartRate', 'consciousness', 'temperature'] as const;
  // Mostly good values, with every kind of bad one now and then.
  const anyValue = fc.oneof(
    { weight: 6, arbitrary: fc.oneof(fc.integer({ min: 0, max: 250 }), fc.double({ min: 30, max: 45, noNaN: true })) },
    { weight: 2, arbitrary: fc.constantFrom('A', 'C', 'V', 'P', 'U', ' v ', 'a', 'x', '') },
    { weight: 2, arbitrary: fc.boolean() },
    { weight: 2, arbitrary: fc.constantFrom(undefined, null) },
    { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, '80', [], {}, 0n) },
  );
  const payload = fc.dictionary(fc.constantFrom(...NAMES, 'glucose', 'deviceId'), anyValue) as fc.Arbitrary<Record<string, unknown>>;

  it('message after message into the same object, it gives readInputs (and the old readInputs) exactly: no value of an earlier message stays', () => {
    fc.assert(
      fc.property(fc.array(payload, { maxLength: 20 }), (payloads) => {
        const into = emptyInputs();
        for (const p of payloads) {
          const reference = referenceReadInputs(p);
          assert.deepEqual(readInputs(p), reference);
          assert.deepEqual(Object.keys(readInputs(p).ok ? (readInputs(p) as { value: object }).value : {}), Object.keys(reference.ok ? reference.value : {}));
          const error: InputError | undefined = readInputsInto(p, into);
          if (!reference.ok) {
            assert.deepEqual(error, reference.error);
            continue;
          }
          assert.equal(error, undefined);
          // All seven keys, in one order: the present ones as readInputs has them, the rest undefined.
          assert.deepEqual(Object.keys(into), [...NAMES]);
          for (const name of NAMES) assert.equal(into[name], reference.value[name], name);
          assert.equal(hasAnyVital(into), hasAnyVital(reference.value));
          assert.deepEqual(scoreParameters(into, 1), scoreParameters(reference.value, 1));
          assert.deepEqual(scoreParameters(into, 2), scoreParameters(reference.value, 2));
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('news2 fast paths: assessment with carried values', () => {
  const inputs = fc.record(
    {
      respiratoryRate: fc.integer({ min: 2, max: 60 }),
      spo2: fc.integer({ min: 70, max: 100 }),
      onOxygen: fc.boolean(),
      systolic: fc.integer({ min: 50, max: 250 }),
      heartRate: fc.integer({ min: 20, max: 200 }),
      consciousness: fc.constantFrom('A', 'C', 'V', 'P', 'U' as const),
      temperature: fc.double({ min: 33, max: 42, noNaN: true }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<News2Inputs>;

  it('assess(inputs, scale, carried) is { ...assess(inputs, scale), carried }: same keys, same order, same values', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom(1, 2 as const), fc.dictionary(fc.constantFrom('spo2', 'heartRate'), fc.integer()), (i, scale, carried) => {
        const joined = assess(i, scale, carried);
        const reference = { ...assess(i, scale), carried };
        assert.deepEqual(Object.keys(joined), Object.keys(reference));
        assert.deepEqual(joined, reference);
        assert.equal(joined.carried, carried);
        assert.deepEqual(Object.keys(assess(i, scale)), ['total', 'band', 'scores', 'complete', 'missing', 'scale']);
      }),
      { numRuns: 1000 },
    );
  });
});
