// vitals-parse's per-message shortcuts (memoised key meanings, cached topic parts, the object
// path without entries, the cheaper limits loop and the route that skips the topic for objects)
// checked against the plain code they replaced, kept here as the reference.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_LIMITS, VITAL_NAMES, type Limits, type VitalName } from '../../nodes/lib/reading';
import { parseCharacteristic } from '../../nodes/vitals-parse/ble';
import { FIELD_ALIASES, fieldForKey, keyInfo, normaliseKey, unitHintFieldForKey, type FieldKind } from '../../nodes/vitals-parse/aliases';
import { routeInput, isBinary, type Route, type RouteInput, type RouteSettings } from '../../nodes/vitals-parse/input-route';
import { applyLimits, normaliseEntries, normaliseObject, topicSegmentOf, type DropFn } from '../../nodes/vitals-parse/normalise';

// ---- the reference code, as it was before the shortcuts ----
const refNormaliseKey = (key: string): string => (key.length > 40 ? '' : key.toLowerCase().replace(/[\s_.-]+/g, ''));
const REF_KEY_TO_FIELD = new Map<string, FieldKind>();
for (const field of Object.keys(FIELD_ALIASES) as FieldKind[]) for (const alias of FIELD_ALIASES[field]) REF_KEY_TO_FIELD.set(alias, field);
const refField = (key: string) => REF_KEY_TO_FIELD.get(refNormaliseKey(key));
function refUnitHint(key: string): FieldKind | undefined {
  const k = refNormaliseKey(key);
  const cut = k.endsWith('units') ? 5 : k.endsWith('unit') ? 4 : 0;
  if (cut === 0 || k.length === cut) return undefined;
  return REF_KEY_TO_FIELD.get(k.slice(0, k.length - cut));
}

function refTopicSegmentOf(topic: unknown, index: number): string | undefined {
  if (typeof topic !== 'string' || topic === '') return undefined;
  const parts = topic.split('/');
  const i = index < 0 ? parts.length + index : index;
  const seg = i >= 0 && i < parts.length ? parts[i].trim() : '';
  return seg === '' ? undefined : seg;
}

function refApplyLimits(values: Partial<Record<string, number>>, limits: Limits, drop: DropFn, limitOf: (f: string) => VitalName | undefined): void {
  const names = [...VITAL_NAMES.filter((n) => n in values), ...Object.keys(values).filter((k) => !(VITAL_NAMES as string[]).includes(k))];
  for (const name of names) {
    const v = values[name];
    const vital = limitOf(name);
    if (v === undefined || vital === undefined) continue;
    const [min, max] = limits[vital];
    if (v < min || v > max) {
      delete values[name];
      drop(name, v, 'out-of-range', { value: String(v), min: String(min), max: String(max), unit: 'u' });
    }
  }
  const sys = values.systolic;
  const dia = values.diastolic;
  if (sys !== undefined && dia !== undefined && dia >= sys) {
    delete values.systolic;
    delete values.diastolic;
    const params = { value: String(dia), detail: String(sys) };
    drop('systolic', sys, 'bp-order', params);
    drop('diastolic', dia, 'bp-order', params);
  }
}

const refGiven = (v: unknown): boolean => v !== undefined && v !== null && !(typeof v === 'string' && v.trim() === '');
function refRoute(input: RouteInput, settings: RouteSettings): Route['kind'] | string {
  const binary = isBinary(input.payload);
  const bytesLike = binary || typeof input.payload === 'string' || Array.isArray(input.payload);
  let found: string | undefined;
  if (refGiven(settings.characteristic)) {
    const c = parseCharacteristic(settings.characteristic);
    if (!c.ok) return 'reject unknown-characteristic';
    found = `${c.characteristic.hex} setting`;
  } else if (refGiven(input.characteristic)) {
    const c = parseCharacteristic(input.characteristic);
    if (!c.ok) return 'reject unknown-characteristic';
    found = `${c.characteristic.hex} message`;
  } else {
    const seg = refTopicSegmentOf(input.topic, settings.characteristicSegment);
    const c = seg === undefined ? undefined : parseCharacteristic(seg);
    if (c?.ok) found = `${c.characteristic.hex} topic`;
  }
  if (found && bytesLike) return `ble ${found}`;
  if (binary) return 'reject no-characteristic';
  return 'text';
}
const shownRoute = (r: Route): string =>
  r.kind === 'ble' ? `ble ${r.characteristic.hex} ${r.from}` : r.kind === 'reject' ? `reject ${r.reason}` : r.kind;

// ---- generators ----
const ALIASES = Object.values(FIELD_ALIASES).flat();
/** Keys as devices spell them: aliases in other cases and with separators, unit hints, junk. */
const key = fc.oneof(
  fc.constantFrom(...ALIASES, 'heartRate', 'HR', 'Heart_Rate', 'heart-rate', 'SpO2', 'deviceId', 'Device ID', 'patient_id', 'TS', 'tempUnit', 'temp_units', 'bpUnit', 'unit', 'mean', 'x'),
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 39, maxLength: 45 }),
  fc.tuple(fc.constantFrom(...ALIASES), fc.constantFrom('', '_', ' ', '-', '.', 'Unit', 'units')).map(([a, s]) => (s.endsWith('nit') || s.endsWith('nits') ? a + s : a.toUpperCase() + s)),
);
const value = fc.oneof(
  fc.integer({ min: -10, max: 400 }),
  fc.double({ noNaN: false }),
  fc.constantFrom('72', '98.6F', '120/80', '120/80 mmHg', '16/10.7 kPa', 'F', 'kPa', 'lb', 'A', 'alert', 'yes', 'air', '', ' ', 'x', 'p-1', '2025-03-01T00:00:00.001Z', '2024-02-30T00:00:00.000Z', '1710491400'),
  fc.boolean(),
  fc.constant(null),
  fc.record({ value: fc.integer({ min: 0, max: 300 }), unit: fc.constantFrom('bpm', '%', 'F', 'kg') }),
  fc.record({ systolic: fc.integer({ min: 50, max: 200 }), diastolic: fc.integer({ min: 30, max: 150 }), mean: fc.integer({ min: 40, max: 160 }) }),
);
const NOW = new Date('2025-06-01T12:00:00.000Z');
const OPTS = { limits: DEFAULT_LIMITS as Limits, topic: 'health/p-9/vitals', topicSegment: 1, now: NOW };

describe('vitals-parse fast paths', () => {
  it('knows each key as normaliseKey, fieldForKey and unitHintFieldForKey always did', () => {
    fc.assert(
      fc.property(key, (k) => {
        // Twice: the first call fills the memo, the second reads it.
        for (let i = 0; i < 2; i++) {
          assert.equal(normaliseKey(k), refNormaliseKey(k));
          assert.equal(fieldForKey(k), refField(k));
          assert.equal(unitHintFieldForKey(k), refUnitHint(k));
          const info = keyInfo(k);
          assert.equal(info.rank, info.field === undefined ? -1 : FIELD_ALIASES[info.field].indexOf(refNormaliseKey(k)));
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('still answers right after more distinct keys than the memo holds', () => {
    for (let i = 0; i < 3000; i++) normaliseKey(`junk ${i}`);
    assert.equal(fieldForKey('Heart_Rate'), 'heartRate');
    assert.equal(normaliseKey('Junk 5'), 'junk5');
  });

  it('reads an object as the entries of its own keys', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 12 }), fc.boolean(), (pairs, withTopic) => {
        const obj: Record<string, unknown> = {};
        for (const [k, v] of pairs) Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        const opts = withTopic ? OPTS : { ...OPTS, topic: undefined };
        const entries = Object.keys(obj).map((k) => ({ key: k, value: obj[k] }));
        assert.deepEqual(normaliseObject(obj, opts), normaliseEntries(entries, opts));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds the same topic part as a fresh split, again and again', () => {
    const topics = fc.oneof(fc.constantFrom('health/p1/vitals', ' a / b /', '/', '', 'x', 'ble/dev-1/2a37', 'a//b'), fc.string({ maxLength: 20 }), fc.string({ minLength: 250, maxLength: 300 }));
    fc.assert(
      fc.property(topics, fc.integer({ min: -5, max: 5 }), (t, i) => {
        assert.equal(topicSegmentOf(t, i), refTopicSegmentOf(t, i));
        assert.equal(topicSegmentOf(t, i), refTopicSegmentOf(t, i));
      }),
      { numRuns: 5000 },
    );
    assert.equal(topicSegmentOf(42, 0), undefined);
  });

  it('applies limits in the same order with the same reports, borrowed limits included', () => {
    const names = fc.constantFrom(...VITAL_NAMES, 'spo2Fast', 'heartRateSlow', 'other');
    const limitOf = (f: string): VitalName | undefined =>
      f === 'spo2Fast' ? 'spo2' : f === 'heartRateSlow' ? 'heartRate' : (VITAL_NAMES as string[]).includes(f) ? (f as VitalName) : undefined;
    fc.assert(
      fc.property(fc.array(fc.tuple(names, fc.integer({ min: -50, max: 500 })), { maxLength: 14 }), fc.boolean(), (pairs, borrowed) => {
        const a: Record<string, number> = {};
        for (const [k, v] of pairs) a[k] = v;
        const b = { ...a };
        const gotA: unknown[] = [];
        const gotB: unknown[] = [];
        const drop = (into: unknown[]): DropFn => (field, v, reason, params) => into.push([field, v, reason, { ...params, unit: 'u' }]);
        if (borrowed) {
          applyLimits(a, DEFAULT_LIMITS as Limits, drop(gotA), limitOf);
          refApplyLimits(b, DEFAULT_LIMITS as Limits, drop(gotB), limitOf);
        } else {
          applyLimits(a, DEFAULT_LIMITS as Limits, drop(gotA));
          refApplyLimits(b, DEFAULT_LIMITS as Limits, drop(gotB), (f) => ((VITAL_NAMES as string[]).includes(f) ? (f as VitalName) : undefined));
        }
        assert.deepEqual(gotA, gotB);
        assert.deepEqual(Object.keys(a), Object.keys(b));
        assert.deepEqual(a, b);
      }),
      { numRuns: 3000 },
    );
  });

  it('routes every kind of payload, hint and topic as the decision table did', () => {
    const payload = fc.oneof(
      fc.constant(Buffer.from([1, 2])),
      fc.constant(new Uint8Array([1])),
      fc.constant({ type: 'Buffer', data: [1, 2] }),
      fc.constantFrom('{"hr":72}', '06 48', 'hr=72', ''),
      fc.constant([6, 72]),
      fc.constant({ hr: 72 }),
      fc.constantFrom(42, null, undefined, true),
    );
    const hint = fc.constantFrom(undefined, null, '', ' ', '2a37', '0x2A35', 'PLX Spot-Check Measurement', '2a19', 'nope', 0x2a9d, 0x2a19, 1.5);
    const topic = fc.constantFrom(undefined, '', 'health/p1/vitals', 'ble/dev-1/2a37', 'ble/dev-1/2A1C', 'ble/2a5f/x', 'ble/x/2a19', 42);
    const setting = fc.constantFrom('', '2a37', '2a5e', 'bogus');
    fc.assert(
      fc.property(payload, hint, topic, setting, fc.integer({ min: -3, max: 2 }), (p, c, t, s, seg) => {
        const input: RouteInput = { payload: p, characteristic: c, topic: t };
        const settings: RouteSettings = { characteristic: s, characteristicSegment: seg };
        assert.equal(shownRoute(routeInput(input, settings)), refRoute(input, settings));
        assert.equal(shownRoute(routeInput(input, settings)), refRoute(input, settings));
      }),
      { numRuns: 5000 },
    );
  });
});
