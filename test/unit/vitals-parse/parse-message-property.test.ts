// Property-based robustness of vitals-parse's node-level entry (parseMessage): whatever a
// message holds (random BLE bytes in any encoding, random text, anything at all in payload,
// topic, characteristic and ids), the result is a reading or a named refusal, never a throw,
// and no NaN or Infinity reaches a reading or its FHIR Bundle.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_LIMITS, VITAL_NAMES, type Limits, type Reading } from '../../../nodes/lib/reading';
import { KNOWN_CHARACTERISTICS } from '../../../nodes/vitals-parse/ble';
import { FIELD_ALIASES } from '../../../nodes/vitals-parse/text/aliases';
import { readingToFhir } from '../../../nodes/vitals-parse/fhir';
import { parseMessage, type MessageInput, type MessageSettings } from '../../../nodes/vitals-parse/parse-message';
import { REASONS } from '../../../nodes/vitals-parse/reasons';
import { nonFinite } from './ble-property.test';
import { checkR4Bundle } from './fhir-r4-shape.test';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const BASE: MessageSettings = {
  topicSegment: 1,
  limits: DEFAULT_LIMITS,
  characteristic: '',
  characteristicSegment: -1,
  encoding: 'auto',
  now: NOW,
};
const BORROWED: Record<string, keyof Limits> = {
  spo2Fast: 'spo2',
  spo2Slow: 'spo2',
  heartRateFast: 'heartRate',
  heartRateSlow: 'heartRate',
};

/** What every parseMessage result must satisfy, whatever went in. */
function check(input: MessageInput, settings: MessageSettings = BASE): void {
  let r: ReturnType<typeof parseMessage> | undefined;
  assert.doesNotThrow(() => {
    r = parseMessage(input, settings);
  });
  const result = r!;
  if (!result.ok) {
    assert.ok(result.reason in REASONS, `reason ${result.reason}`);
    assert.ok(typeof result.field === 'string' && result.field.length > 0, 'names a field');
    // Every placeholder filled ("__proto__" in a message is the key that was refused, not one).
    const PLACEHOLDER = /__(field|value|detail|unit|min|max|characteristic|offset|length|label|missing|count)__/;
    assert.ok(result.message.length > 10 && !PLACEHOLDER.test(result.message), `a filled message: ${result.message}`);
    return;
  }
  const reading = result.reading as Reading & Record<string, unknown>;
  assert.deepEqual(nonFinite(reading), [], 'no NaN, Infinity or undefined in the reading');
  assert.ok(typeof reading.deviceId === 'string' && reading.deviceId.length > 0);
  assert.equal(new Date(reading.timestamp).toISOString(), reading.timestamp);
  for (const name of [...VITAL_NAMES, ...Object.keys(BORROWED)]) {
    const v = reading[name];
    if (v === undefined) continue;
    const [min, max] = settings.limits[BORROWED[name] ?? name];
    assert.ok(typeof v === 'number' && v >= min && v <= max, `${name} ${v} inside its limits`);
  }
  // An absent packet time is the one field with a stand-in: the receive time.
  for (const a of reading.absent ?? [])
    if (a.field !== 'timestamp') assert.equal(reading[a.field], undefined, `${a.field} both absent and present`);
  if (reading.systolic !== undefined && reading.diastolic !== undefined)
    assert.ok(reading.diastolic < reading.systolic);
  const fhir = readingToFhir(reading);
  if (fhir.ok) {
    assert.deepEqual(nonFinite(fhir.bundle), []);
    assert.deepEqual(checkR4Bundle(fhir.bundle), []);
  } else {
    assert.equal(fhir.reason, 'fhir-mapping');
  }
}

const uuid = fc.constantFrom(...KNOWN_CHARACTERISTICS.map((c) => c.uuid.toString(16)));
const render = (bytes: Uint8Array, how: string): unknown =>
  how === 'buffer'
    ? Buffer.from(bytes)
    : how === 'hex'
      ? Buffer.from(bytes).toString('hex')
      : how === 'base64'
        ? Buffer.from(bytes).toString('base64')
        : Array.from(bytes);

describe('vitals-parse parseMessage properties', function () {
  it('random BLE bytes in every form, named every way: a reading or a named refusal', function () {
    fc.assert(
      fc.property(
        uuid,
        fc.uint8Array({ minLength: 0, maxLength: 40 }),
        fc.constantFrom('buffer', 'hex', 'base64', 'array'),
        fc.constantFrom('setting', 'message', 'topic'),
        fc.constantFrom<'auto' | 'hex' | 'base64'>('auto', 'hex', 'base64'),
        fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
        (ch, bytes, how, by, encoding, patientId) => {
          const payload = render(bytes, how);
          const input: MessageInput = {
            payload,
            topic: by === 'topic' ? `ble/dev/${ch}` : 'ble/dev/x',
            characteristic: by === 'message' ? ch : undefined,
            patientId,
          };
          check(input, { ...BASE, encoding, characteristic: by === 'setting' ? ch : '' });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('anything at all in payload, topic, characteristic and ids never throws', function () {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.oneof(fc.anything(), uuid),
        fc.anything(),
        fc.anything(),
        (payload, topic, characteristic, deviceId, patientId) => {
          check({ payload, topic, characteristic, deviceId, patientId });
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('random key=value lines and objects of known aliases never give a reading outside the limits', function () {
    const alias = fc.constantFrom(...Object.values(FIELD_ALIASES).flat());
    const value = fc.oneof(
      fc.double(),
      fc.integer({ min: -500, max: 500 }).map(String),
      fc.constantFrom('120/80', '16/10.7 kPa', '98.6F', 'abc', '', '1e400', 'NaN', '-Infinity'),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(alias, value), { maxLength: 8 }), fc.boolean(), (pairs, asText) => {
        const payload = asText ? pairs.map(([k, v]) => `${k}=${String(v)}`).join(';') : Object.fromEntries(pairs);
        check({ payload, topic: 'health/p1/vitals' });
      }),
      { numRuns: 1500 },
    );
  });

  it('random limits apply to BLE readings too', function () {
    const pair = fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 300 })).filter(([a, b]) => a < b);
    fc.assert(
      fc.property(uuid, fc.uint8Array({ minLength: 1, maxLength: 24 }), pair, pair, (ch, bytes, hr, spo2) => {
        const limits = { ...DEFAULT_LIMITS, heartRate: hr, spo2 };
        check({ payload: Buffer.from(bytes), topic: `ble/d/${ch}` }, { ...BASE, limits });
      }),
      { numRuns: 1500 },
    );
  });
});
