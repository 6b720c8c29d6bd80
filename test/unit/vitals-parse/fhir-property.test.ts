// Property-based checks of the FHIR mapping: any reading the parser could hand over (odd
// numbers, special values, strange ids, any precision) gives a sound R4 Bundle, the same
// one every time, with no NaN or Infinity in it.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBle, KNOWN_CHARACTERISTICS } from '../../../nodes/vitals-parse/ble';
import { toFhirBundle } from '../../../nodes/vitals-parse/fhir';
import type { Reading } from '../../../nodes/lib/reading';
import { checkR4Bundle } from './fhir-r4-shape.test';
import { nonFinite } from './ble-property.test';

const FIELDS = [
  'heartRate',
  'respiratoryRate',
  'spo2',
  'temperature',
  'systolic',
  'diastolic',
  'meanArterial',
  'glucose',
  'weight',
  'bmi',
  'height',
];
const REASONS = [
  'not-a-number',
  'nres',
  'positive-infinity',
  'negative-infinity',
  'reserved',
  'measurement-unsuccessful',
  'unknown',
  'out-of-range',
  'something-else',
];

const vital = fc.oneof(
  fc.double(),
  fc.double({ min: -1000, max: 1000, noNaN: true }),
  fc.integer({ min: 0, max: 300 }),
);
const reading: fc.Arbitrary<Reading> = fc.record(
  {
    deviceId: fc.string({ minLength: 1, maxLength: 80 }),
    patientId: fc.option(fc.string({ minLength: 0, maxLength: 80 }), { nil: undefined }),
    timestamp: fc
      .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    ...Object.fromEntries(FIELDS.map((f) => [f, vital])),
    absent: fc.array(
      fc.record({ field: fc.constantFrom(...FIELDS, 'timestamp', 'userId'), reason: fc.constantFrom(...REASONS) }),
      { maxLength: 4 },
    ),
    precision: fc.dictionary(fc.constantFrom(...FIELDS), fc.integer({ min: -5, max: 400 })),
    status: fc.array(
      fc.constantFrom('measurement-ongoing', 'early-estimated-data', 'questionable', 'invalid', 'body-movement'),
      { maxLength: 3 },
    ),
    temperatureSite: fc.constantFrom('ear', 'mouth', 'armpit'),
  },
  { requiredKeys: ['deviceId', 'timestamp'] },
);

describe('FHIR mapping properties', function () {
  it('any reading gives a sound, JSON-clean, deterministic Bundle', function () {
    fc.assert(
      fc.property(reading, (r) => {
        const b = toFhirBundle(r);
        assert.deepEqual(nonFinite(b), []);
        assert.deepEqual(checkR4Bundle(b), []);
        assert.deepEqual(toFhirBundle(structuredClone(r)), b);
        // One Observation per mapped field, the three pressures sharing one panel.
        const present = (f: string) =>
          (r as unknown as Record<string, unknown>)[f] !== undefined || r.absent?.some((a) => a.field === f);
        const single = FIELDS.filter(
          (f) => !['systolic', 'diastolic', 'meanArterial'].includes(f) && present(f),
        ).length;
        const panel = ['systolic', 'diastolic', 'meanArterial'].some(present) ? 1 : 0;
        assert.equal(b.entry.length, single + panel);
      }),
      { numRuns: 500 },
    );
  });

  it('every reading the BLE decoder accepts maps to a sound Bundle', function () {
    fc.assert(
      fc.property(
        fc.constantFrom(...KNOWN_CHARACTERISTICS.map((c) => c.uuid)),
        fc.uint8Array({ minLength: 1, maxLength: 30 }),
        (uuid, bytes) => {
          const r = decodeBle(Buffer.from(bytes), uuid);
          if (!r.ok) return;
          const b = toFhirBundle({
            deviceId: 'dev-1',
            patientId: 'p1',
            timestamp: '2024-01-01T00:00:00.000Z',
            ...r.reading,
          });
          assert.deepEqual(checkR4Bundle(b), []);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
