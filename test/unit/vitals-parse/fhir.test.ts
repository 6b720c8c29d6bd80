import assert from 'node:assert/strict';
import { decodeBle } from '../../../nodes/vitals-parse/ble';
import { FhirMappingError, toFhirBundle } from '../../../nodes/vitals-parse/fhir';
import type { Reading } from '../../../nodes/lib/reading';
import type { Bundle, Observation } from '../../../nodes/vitals-parse/fhir';
import { allCases, packetOf } from './ble-model.test';
import { checkR4Bundle } from './fhir-r4-shape.test';

const T = '2024-03-15T08:30:00.000Z';
const base = { deviceId: 'cuff-1', patientId: 'p1', timestamp: T };

function sound(bundle: Bundle): Bundle {
  assert.deepEqual(checkR4Bundle(bundle), [], JSON.stringify(bundle, null, 1));
  return bundle;
}
const observations = (b: Bundle): Observation[] => b.entry.map((e) => e.resource);
function byCode(b: Bundle, code: string): Observation {
  const found = observations(b).filter((o) => o.code.coding?.[0].code === code);
  assert.equal(found.length, 1, `one Observation ${code}, found ${found.length}`);
  return found[0];
}

describe('FHIR: vital-sign Observations', function () {
  it('maps a heart rate as the spec example does', function () {
    const o = byCode(sound(toFhirBundle({ ...base, heartRate: 72 })), '8867-4');
    assert.equal(o.status, 'final');
    assert.deepEqual(o.category[0].coding![0], {
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'vital-signs',
      display: 'Vital Signs',
    });
    assert.deepEqual(o.code.coding![0], { system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' });
    assert.deepEqual(o.subject, { reference: 'Patient/p1' });
    assert.deepEqual(o.device, { reference: 'Device/cuff-1' });
    assert.equal(o.effectiveDateTime, T);
    assert.deepEqual(o.valueQuantity, {
      value: 72,
      unit: 'beats/minute',
      system: 'http://unitsofmeasure.org',
      code: '/min',
    });
    assert.deepEqual(o.meta, { profile: ['http://hl7.org/fhir/StructureDefinition/heartrate'] });
  });

  it('maps every vital with its LOINC code, UCUM unit and profile', function () {
    const b = sound(
      toFhirBundle({
        ...base,
        heartRate: 72,
        respiratoryRate: 18,
        spo2: 97,
        temperature: 37.04,
        weight: 70.0049,
        glucose: 5.55,
        height: 1.75,
        bmi: 22.9,
      }),
    );
    const expect: [string, string, number, string | undefined][] = [
      ['8867-4', '/min', 72, 'heartrate'],
      ['9279-1', '/min', 18, 'resprate'],
      ['2708-6', '%', 97, 'oxygensat'],
      ['8310-5', 'Cel', 37, 'bodytemp'],
      ['29463-7', 'kg', 70, 'bodyweight'],
      ['15074-8', 'mmol/L', 5.6, undefined],
      ['8302-2', 'cm', 175, 'bodyheight'],
      ['39156-5', 'kg/m2', 22.9, 'bmi'],
    ];
    assert.equal(b.entry.length, expect.length);
    for (const [code, unit, value, profile] of expect) {
      const o = byCode(b, code);
      assert.equal(o.valueQuantity!.code, unit, code);
      assert.equal(o.valueQuantity!.value, value, code);
      assert.deepEqual(
        o.meta?.profile,
        profile ? [`http://hl7.org/fhir/StructureDefinition/${profile}`] : undefined,
        code,
      );
    }
  });

  it('gives SpO2 the pulse-oximetry coding as well', function () {
    const o = byCode(toFhirBundle({ ...base, spo2: 95 }), '2708-6');
    assert.deepEqual(
      o.code.coding!.map((c) => c.code),
      ['2708-6', '59408-5'],
    );
  });

  it('files glucose as a laboratory Observation, not a vital sign', function () {
    const o = byCode(sound(toFhirBundle({ ...base, glucose: 6.1 })), '15074-8');
    assert.equal(o.category[0].coding![0].code, 'laboratory');
    assert.equal(o.meta, undefined);
    assert.deepEqual(o.valueQuantity, {
      value: 6.1,
      unit: 'mmol/L',
      system: 'http://unitsofmeasure.org',
      code: 'mmol/L',
    });
  });

  it('says where a temperature was taken', function () {
    const o = byCode(toFhirBundle({ ...base, temperature: 37, temperatureSite: 'ear' }), '8310-5');
    assert.deepEqual(o.bodySite, { text: 'ear' });
  });

  it('emits nothing for a reading with no vitals', function () {
    const b = sound(toFhirBundle({ ...base }));
    assert.equal(b.type, 'collection');
    assert.deepEqual(b.entry, []);
  });
});

describe('FHIR: blood pressure panel', function () {
  it('turns health.md vector 4 into a panel with three components and a separate pulse', function () {
    const ble = decodeBle('05 A0 F0 6B F0 7D F0 48 00', '2a35');
    assert.ok(ble.ok);
    const b = sound(toFhirBundle({ ...base, ...ble.reading }));
    const bp = byCode(b, '85354-9');
    assert.equal(bp.valueQuantity, undefined);
    assert.deepEqual(
      bp.component!.map((c) => [c.code.coding![0].code, c.valueQuantity!.value, c.valueQuantity!.code]),
      [
        ['8480-6', 120.0, 'mm[Hg]'],
        ['8462-4', 80.3, 'mm[Hg]'],
        ['8478-0', 93.8, 'mm[Hg]'],
      ],
    );
    assert.equal(byCode(b, '8867-4').valueQuantity!.value, 72);
    assert.equal(b.entry.length, 2);
  });

  it('keeps the profile-required components when one is missing', function () {
    const bp = byCode(sound(toFhirBundle({ ...base, systolic: 130 })), '85354-9');
    assert.equal(bp.component!.length, 2);
    assert.equal(bp.component![1].code.coding![0].code, '8462-4');
    assert.equal(bp.component![1].dataAbsentReason!.coding![0].code, 'unknown');
  });

  it('carries a device-side NaN mean arterial pressure as a data-absent component', function () {
    const ble = decodeBle([0x00, 0x84, 0x00, 0x55, 0x00, 0xff, 0x07], '2a35');
    assert.ok(ble.ok);
    const bp = byCode(sound(toFhirBundle({ ...base, ...ble.reading })), '85354-9');
    const map = bp.component!.find((c) => c.code.coding![0].code === '8478-0')!;
    assert.equal(map.valueQuantity, undefined);
    assert.equal(map.dataAbsentReason!.coding![0].code, 'not-a-number');
    assert.deepEqual(
      bp.component!.slice(0, 2).map((c) => c.valueQuantity!.value),
      [132, 85],
    );
  });
});

describe('FHIR: special values', function () {
  const cases: [string, string][] = [
    ['not-a-number', 'not-a-number'],
    ['nres', 'error'],
    ['positive-infinity', 'positive-infinity'],
    ['negative-infinity', 'negative-infinity'],
    ['reserved', 'error'],
    ['measurement-unsuccessful', 'error'],
  ];
  for (const [reason, code] of cases) {
    it(`${reason} → dataAbsentReason ${code}`, function () {
      const o = byCode(sound(toFhirBundle({ ...base, absent: [{ field: 'weight', reason }] })), '29463-7');
      assert.equal(o.valueQuantity, undefined);
      assert.deepEqual(o.dataAbsentReason!.coding, [
        {
          system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
          code,
          display: o.dataAbsentReason!.coding![0].display,
        },
      ]);
      assert.ok(o.dataAbsentReason!.coding[0].display);
    });
  }

  it('never writes a non-finite number that slipped into a reading', function () {
    const b = sound(toFhirBundle({ ...base, heartRate: NaN, spo2: Infinity, temperature: -Infinity }));
    assert.equal(byCode(b, '8867-4').dataAbsentReason!.coding![0].code, 'not-a-number');
    assert.equal(byCode(b, '2708-6').dataAbsentReason!.coding![0].code, 'positive-infinity');
    assert.equal(byCode(b, '8310-5').dataAbsentReason!.coding![0].code, 'negative-infinity');
  });

  it('ignores absent entries that are not vitals (timestamp, user id)', function () {
    const b = sound(
      toFhirBundle({
        ...base,
        heartRate: 60,
        absent: [
          { field: 'timestamp', reason: 'unknown' },
          { field: 'userId', reason: 'unknown-user' },
        ],
      }),
    );
    assert.equal(b.entry.length, 1);
  });

  it('prefers a value over an absent entry for the same field', function () {
    const o = byCode(
      toFhirBundle({ ...base, heartRate: 60, absent: [{ field: 'heartRate', reason: 'nres' }] }),
      '8867-4',
    );
    assert.equal(o.valueQuantity!.value, 60);
    assert.equal(o.dataAbsentReason, undefined);
  });
});

describe('FHIR: precision', function () {
  it('rounds to the precision the device gave', function () {
    const b = toFhirBundle({
      ...base,
      temperature: 36.99999999999,
      spo2: 97.25,
      weight: 70.005,
      precision: { temperature: 1, spo2: 2, weight: 3 },
    });
    assert.equal(byCode(b, '8310-5').valueQuantity!.value, 37);
    assert.equal(byCode(b, '2708-6').valueQuantity!.value, 97.25);
    assert.equal(byCode(b, '29463-7').valueQuantity!.value, 70.005);
  });

  it('rounds to health.md §2 guidance without it', function () {
    const b = toFhirBundle({
      ...base,
      temperature: 38.46,
      weight: 68.0388555,
      systolic: 120.00985,
      diastolic: 80.2566,
    });
    assert.equal(byCode(b, '8310-5').valueQuantity!.value, 38.5);
    assert.equal(byCode(b, '29463-7').valueQuantity!.value, 68.04);
    assert.deepEqual(
      byCode(b, '85354-9').component!.map((c) => c.valueQuantity!.value),
      [120, 80.3],
    );
  });

  it('moves the precision with the unit (m → cm)', function () {
    const b = toFhirBundle({ ...base, height: 1.75006, precision: { height: 3 } });
    assert.equal(byCode(b, '8302-2').valueQuantity!.value, 175);
  });
});

describe('FHIR: subject, device and status', function () {
  it('without a patient: no subject and no vital-signs profile claim, but the device', function () {
    const b = sound(toFhirBundle({ deviceId: 'cuff-1', timestamp: T, heartRate: 72, systolic: 120, diastolic: 80 }));
    for (const o of observations(b)) {
      assert.equal(o.subject, undefined);
      assert.equal(o.meta, undefined);
      assert.deepEqual(o.device, { reference: 'Device/cuff-1' });
      assert.equal(o.category[0].coding![0].code, 'vital-signs');
    }
  });

  it('uses a logical reference for ids FHIR does not allow in a literal one', function () {
    const b = sound(toFhirBundle({ deviceId: 'ward3/bed 12', patientId: 'MRN:0042', timestamp: T, heartRate: 72 }));
    const o = observations(b)[0];
    assert.deepEqual(o.device, { type: 'Device', identifier: { value: 'ward3/bed 12' } });
    assert.deepEqual(o.subject, { type: 'Patient', identifier: { value: 'MRN:0042' } });
    assert.ok(o.meta, 'a subject by identifier still meets the profile');
  });

  it('marks measurements the device calls ongoing or early as preliminary', function () {
    assert.equal(
      observations(toFhirBundle({ ...base, spo2: 95, status: ['measurement-ongoing'] }))[0].status,
      'preliminary',
    );
    assert.equal(
      observations(toFhirBundle({ ...base, spo2: 95, status: ['early-estimated-data'] }))[0].status,
      'preliminary',
    );
    assert.equal(observations(toFhirBundle({ ...base, spo2: 95, status: ['questionable'] }))[0].status, 'final');
  });

  it('refuses a reading without a device or a date, naming the field', function () {
    assert.throws(
      () => toFhirBundle({ ...base, timestamp: 'yesterday' }),
      (e: unknown) => e instanceof FhirMappingError && e.field === 'timestamp',
    );
    assert.throws(
      () => toFhirBundle({ ...base, deviceId: '' }),
      (e: unknown) => e instanceof FhirMappingError && e.field === 'deviceId',
    );
  });
});

describe('FHIR: stable ids', function () {
  const reading: Reading = { ...base, heartRate: 72, spo2: 97, systolic: 120, diastolic: 80 };

  it('gives the same ids for the same reading, so a re-sent message does not duplicate', function () {
    assert.deepEqual(toFhirBundle(reading), toFhirBundle({ ...reading }));
    // The same instant written differently is the same reading.
    assert.deepEqual(toFhirBundle({ ...reading, timestamp: '2024-03-15T09:30:00+01:00' }), toFhirBundle(reading));
  });

  it('uses the id as fullUrl and identifier', function () {
    const b = toFhirBundle(reading);
    for (const e of b.entry) {
      assert.match(e.resource.id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.equal(e.fullUrl, `urn:uuid:${e.resource.id}`);
      assert.deepEqual(e.resource.identifier, [{ system: 'urn:ietf:rfc:3986', value: e.fullUrl }]);
    }
    assert.equal(new Set(b.entry.map((e) => e.resource.id)).size, b.entry.length);
  });

  it('changes with the device, the time and the code, but not with the patient or value', function () {
    const idOf = (r: Reading) => toFhirBundle(r).entry[0].resource.id;
    const one = idOf({ ...base, heartRate: 72 });
    assert.notEqual(idOf({ ...base, deviceId: 'cuff-2', heartRate: 72 }), one);
    assert.notEqual(idOf({ ...base, timestamp: '2024-03-15T08:30:01Z', heartRate: 72 }), one);
    assert.notEqual(idOf({ ...base, respiratoryRate: 72 }), one);
    assert.equal(idOf({ ...base, heartRate: 73 }), one);
    assert.notEqual(toFhirBundle({ ...base, deviceId: 'cuff-2' }).id, toFhirBundle(base).id);
  });
});

describe('FHIR: every decoded BLE packet maps to a sound Bundle', function () {
  it('for every characteristic and flag combination, with and without a patient', function () {
    let observationsSeen = 0;
    for (const c of allCases()) {
      const r = decodeBle(packetOf(c), c.characteristic);
      assert.ok(r.ok);
      for (const patientId of ['p1', undefined]) {
        const b = sound(toFhirBundle({ deviceId: 'dev-1', patientId, timestamp: T, ...r.reading }));
        observationsSeen += b.entry.length;
      }
    }
    assert.ok(observationsSeen > 400, `${observationsSeen}`);
  });
});
