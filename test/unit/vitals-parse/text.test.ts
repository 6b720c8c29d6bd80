import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, resolveLimits, type Reading } from '../../../nodes/lib/reading';
import { MAX_TEXT_LENGTH, parseText, type TextOptions as ParseOptions } from '../../../nodes/vitals-parse/text';
import type { ParseResult } from '../../../nodes/vitals-parse/reasons';
import { FIELD_ALIASES } from '../../../nodes/vitals-parse/text/aliases';
import fc from 'fast-check';

const NOW = new Date('2024-03-15T08:30:00.000Z');
const opts = (over: Partial<ParseOptions> = {}): ParseOptions => ({
  topic: 'health/p1/vitals',
  topicSegment: 1,
  limits: DEFAULT_LIMITS,
  now: NOW,
  ...over,
});

function ok(payload: unknown, o?: Partial<ParseOptions>): Reading {
  const r = parseText(payload, opts(o));
  if (!r.ok) assert.fail(`expected a reading, got ${r.reason}: ${r.message}`);
  return r.reading;
}
type Failure = Extract<ParseResult, { ok: false }>;
function rejected(payload: unknown, o?: Partial<ParseOptions>): Failure {
  const r = parseText(payload, opts(o));
  if (r.ok) assert.fail(`expected a rejection, got ${JSON.stringify(r.reading)}`);
  return r;
}

describe('vitals-parse parseText', () => {
  describe('text lines', () => {
    it('reads the key=value; example', () => {
      assert.deepEqual(ok('hr=72;spo2=98;temp=36.8;bp=120/80'), {
        deviceId: 'p1',
        timestamp: '2024-03-15T08:30:00.000Z',
        heartRate: 72,
        spo2: 98,
        temperature: 36.8,
        systolic: 120,
        diastolic: 80,
      });
    });

    it('reads the "Key: value unit," example, converting 98.6F to 37 °C', () => {
      assert.deepEqual(ok('HR:72, SpO2:98%, BP 120/80 mmHg, Temp 98.6F'), {
        deviceId: 'p1',
        timestamp: '2024-03-15T08:30:00.000Z',
        heartRate: 72,
        spo2: 98,
        temperature: 37,
        systolic: 120,
        diastolic: 80,
      });
    });

    it('reads ids, timestamps, oxygen and consciousness from a line', () => {
      const r = ok('deviceId=bed-4 patient=P-17 ts=2024-03-15T09:30:00+01:00 rr=18 oxygen=yes, acvpu: v');
      assert.deepEqual(r, {
        deviceId: 'bed-4',
        patientId: 'P-17',
        timestamp: '2024-03-15T08:30:00.000Z',
        respiratoryRate: 18,
        onOxygen: true,
        consciousness: 'V',
      });
    });

    it('refuses text with no key/value pair', () => {
      const r = rejected('hello');
      assert.equal(r.reason, 'unparseable');
      assert.equal(r.field, 'payload');
    });

    it('rejects a line of unknown keys as having no vital', () => {
      assert.equal(rejected('battery=90;rssi=-60').reason, 'no-vitals');
    });
  });

  describe('objects and JSON', () => {
    it('reads an object with aliases and keeps canonical values unchanged', () => {
      assert.deepEqual(
        ok({
          device: 'cuff-1',
          pulse: 64,
          resp: 14,
          o2: 99,
          temp: 36.55,
          sys: 118,
          dia: 76,
          map: 90,
          glu: 5.55,
          wt: 70.123,
        }),
        {
          deviceId: 'cuff-1',
          timestamp: '2024-03-15T08:30:00.000Z',
          heartRate: 64,
          respiratoryRate: 14,
          spo2: 99,
          temperature: 36.55,
          systolic: 118,
          diastolic: 76,
          meanArterial: 90,
          glucose: 5.55,
          weight: 70.123,
        },
      );
    });

    it('reads the same from a JSON string', () => {
      assert.deepEqual(ok('{"id":"x9","hr":"72","spo2":"98 %"}'), {
        deviceId: 'x9',
        timestamp: '2024-03-15T08:30:00.000Z',
        heartRate: 72,
        spo2: 98,
      });
    });

    it('keeps other msg-level topic fallback off when the payload names the device', () => {
      assert.equal(ok({ deviceId: 'a', device: 'b', id: 'c', patientId: 'd', hr: 70 }).deviceId, 'a');
      assert.equal(ok({ id: 'c', device: 'b', hr: 70 }).deviceId, 'b');
      assert.equal(ok({ patientId: 'd', hr: 70 }).deviceId, 'd');
      assert.equal(ok({ deviceId: 42, hr: 70 }).deviceId, '42');
    });

    it('takes the device id from the configured topic segment, negative from the end', () => {
      assert.equal(ok({ hr: 70 }, { topic: 'health/p1/vitals', topicSegment: 1 }).deviceId, 'p1');
      assert.equal(ok({ hr: 70 }, { topic: 'site/ward3/bed7/vitals', topicSegment: -2 }).deviceId, 'bed7');
      assert.equal(ok({ hr: 70 }, { topic: 'bed7', topicSegment: 0 }).deviceId, 'bed7');
    });

    it('rejects a reading with no device id anywhere', () => {
      const r = rejected({ hr: 70 }, { topic: 'health', topicSegment: 1 });
      assert.equal(r.reason, 'no-device-id');
      assert.equal(r.field, 'deviceId');
      assert.match(r.message, /segment 1/);
      assert.equal(rejected({ hr: 70 }, { topic: undefined }).reason, 'no-device-id');
      assert.equal(rejected({ hr: 70, deviceId: '  ' }, { topic: 'a//b', topicSegment: 1 }).reason, 'no-device-id');
    });

    it('rejects a device id that is not a string or number', () => {
      const r = rejected({ deviceId: { a: 1 }, hr: 70 });
      assert.equal(r.reason, 'bad-id');
      assert.equal(r.field, 'deviceId');
    });

    it('ignores null and empty values, and lists unknown keys in ignored', () => {
      assert.deepEqual(ok({ hr: 70, spo2: null, temp: '', battery: 80 }), {
        deviceId: 'p1',
        timestamp: '2024-03-15T08:30:00.000Z',
        heartRate: 70,
        ignored: ['battery'],
      });
    });
  });

  describe('units', () => {
    it('converts 98.6 °F to 37.0 °C in every unit form', () => {
      for (const p of [
        { temp: 98.6, tempUnit: 'F' },
        { temp: 98.6, temp_unit: '°F' },
        { temperature: { value: 98.6, unit: '°F' } },
        { temperature: '98.6 degF' },
        { temp: '98.6℉' },
        'temp=98.6 °F',
        'Temp 98.6 fahrenheit',
      ]) {
        assert.equal(ok(p).temperature, 37, JSON.stringify(p));
      }
      assert.equal(ok({ temp: 101.3, tempUnit: '[degF]' }).temperature, 38.5);
    });

    it('converts 16.0/10.7 kPa to 120.0/80.3 mmHg, and MAP 12.5 kPa to 93.8', () => {
      for (const p of [
        { bp: '16.0/10.7 kPa' },
        { bp: '16.0/10.7', bpUnit: 'kPa' },
        'BP 16.0/10.7 kPa',
        { sys: '16 kPa', dia: '10.7kpa' },
      ]) {
        const r = ok(p);
        assert.equal(r.systolic, 120, JSON.stringify(p));
        assert.equal(r.diastolic, 80.3, JSON.stringify(p));
      }
      assert.equal(ok({ map: { value: 12.5, unit: 'kPa' } }).meanArterial, 93.8);
      assert.deepEqual(
        [ok({ bp: { systolic: 16, diastolic: 10.7, mean: 12.5, unit: 'kPa' } })].map((r) => [
          r.systolic,
          r.diastolic,
          r.meanArterial,
        ])[0],
        [120, 80.3, 93.8],
      );
    });

    it('reads "mm Hg" and mm[Hg] as mmHg', () => {
      assert.equal(ok('BP 120/80 mm Hg').diastolic, 80);
      assert.equal(ok({ sys: { value: 121, unit: 'mm[Hg]' } }).systolic, 121);
    });

    it('converts 180 mg/dL to 10.0 mmol/L (9.99 rounded to 0.1) and keeps mmol/L as given', () => {
      assert.equal(ok({ glucose: '180 mg/dL' }).glucose, 10);
      assert.equal(ok({ bg: 99.1, bgUnit: 'mg/dl' }).glucose, 5.5);
      assert.equal(ok({ glucose: '5.55 mmol/L' }).glucose, 5.55);
    });

    it('converts 150 lb to 68.04 kg, and grams', () => {
      assert.equal(ok({ weight: '150 lb' }).weight, 68.04);
      assert.equal(ok({ weight: 154.32, weightUnit: 'lbs' }).weight, 70);
      assert.equal(ok('wt=150lbs').weight, 68.04);
      assert.equal(ok({ weight: '3500 g' }).weight, 3.5);
    });

    it('accepts the canonical unit spellings without changing the value', () => {
      assert.equal(ok('hr=72 bpm').heartRate, 72);
      assert.equal(ok({ rr: '16 /min' }).respiratoryRate, 16);
      assert.equal(ok({ spo2: '97.5%' }).spo2, 97.5);
      assert.equal(ok({ temp: '36.84 °C' }).temperature, 36.84);
      assert.equal(ok({ weight: '70.123 kg' }).weight, 70.123);
    });

    it('never guesses a unit: 98.6 with no unit is an out-of-range temperature', () => {
      const r = rejected({ temp: 98.6 });
      assert.equal(r.reason, 'out-of-range');
      assert.equal(r.field, 'temperature');
    });

    it('drops a value whose unit is unknown or of another kind', () => {
      const r = ok({ hr: 70, temp: '37 kPa', spo2: '98 furlongs' });
      assert.equal(r.heartRate, 70);
      assert.deepEqual(r.dropped, [
        { field: 'temperature', value: '37 kPa', reason: 'bad-unit' },
        { field: 'spo2', value: '98 furlongs', reason: 'bad-unit' },
      ]);
    });

    it('drops a value whose own unit contradicts the unit hint', () => {
      const r = ok({ hr: 70, temp: '37 C', tempUnit: 'F' });
      assert.equal(r.temperature, undefined);
      assert.equal(r.dropped?.[0].reason, 'bad-unit');
    });
  });

  describe('limits and dropped values', () => {
    it('keeps valid vitals and lists out-of-range ones in dropped', () => {
      const r = ok({ hr: 350, spo2: 97, temp: 36.9 });
      assert.equal(r.heartRate, undefined);
      assert.equal(r.spo2, 97);
      assert.deepEqual(r.dropped, [{ field: 'heartRate', value: 350, reason: 'out-of-range' }]);
    });

    it('includes the limits themselves', () => {
      assert.equal(ok({ hr: 20 }).heartRate, 20);
      assert.equal(ok({ hr: 300 }).heartRate, 300);
      assert.equal(rejected({ hr: 19.9 }).reason, 'out-of-range');
    });

    it('applies limits after conversion', () => {
      // 40 kPa = 300.0 mmHg is inside; 41 kPa = 307.5 mmHg is outside.
      assert.equal(ok({ sys: '40 kPa', dia: 80 }).systolic, 300);
      assert.equal(ok({ sys: '41 kPa', dia: 80 }).dropped?.[0].field, 'systolic');
    });

    it('has no dropped property when nothing was dropped', () => {
      assert.equal('dropped' in ok({ hr: 70 }), false);
    });

    it('rejects the message when every vital is out of range, naming the field and limits', () => {
      const r = rejected({ hr: 350 });
      assert.equal(r.field, 'heartRate');
      assert.equal(r.reason, 'out-of-range');
      assert.equal(r.message, 'heartRate 350 /min is outside the plausibility limits 20 to 300 /min.');
      const two = rejected({ hr: 350, spo2: 20 });
      assert.equal(two.more, 1);
      assert.match(two.message, /\(1 more problem\(s\) in this message\.\)$/);
    });

    it('uses custom limits', () => {
      const limits = resolveLimits({ heartRate: [40, 180] });
      assert.equal(rejected({ hr: 200 }, { limits }).reason, 'out-of-range');
      assert.equal(ok({ hr: 200 }).heartRate, 200);
      assert.equal(ok({ spo2: 55 }, { limits }).spo2, 55);
    });

    it('resolveLimits keeps defaults for missing or invalid pairs', () => {
      const l = resolveLimits({
        heartRate: [40, 180],
        spo2: [100, 50],
        temperature: ['30', '44'],
        glucose: [null, 3],
        weight: 'x',
      });
      assert.deepEqual(l.heartRate, [40, 180]);
      assert.deepEqual(l.spo2, DEFAULT_LIMITS.spo2);
      assert.deepEqual(l.temperature, [30, 44]);
      assert.deepEqual(l.glucose, DEFAULT_LIMITS.glucose);
      assert.deepEqual(l.weight, DEFAULT_LIMITS.weight);
      assert.deepEqual(resolveLimits(undefined), DEFAULT_LIMITS);
      assert.deepEqual(resolveLimits(JSON.parse('{"__proto__":{"heartRate":[1,2]}}')), DEFAULT_LIMITS);
    });

    it('drops both pressures when diastolic is not below systolic, and rejects if nothing remains', () => {
      const r = ok({ hr: 60, bp: '120/130' });
      assert.equal(r.systolic, undefined);
      assert.equal(r.diastolic, undefined);
      assert.deepEqual(r.dropped, [
        { field: 'systolic', value: 120, reason: 'bp-order' },
        { field: 'diastolic', value: 130, reason: 'bp-order' },
      ]);
      const eq = rejected({ sys: 90, dia: 90 });
      assert.equal(eq.reason, 'bp-order');
      assert.match(eq.message, /Diastolic 90 mmHg is not below systolic 90 mmHg/);
    });

    it('drops a non-number but keeps the rest; rejects when it was the only vital', () => {
      const r = ok({ hr: 'abc', spo2: 98 });
      assert.deepEqual(r.dropped, [{ field: 'heartRate', value: 'abc', reason: 'not-a-number' }]);
      // Not a number in JSON either: NaN and Infinity are listed as text, never as null.
      assert.deepEqual(
        ok({ hr: Infinity, rr: Number.NaN, spo2: 98 }).dropped!.map((d) => d.value),
        ['Infinity', 'NaN'],
      );
      for (const bad of ['abc', true, [72], { value: 'x' }, Number.NaN, Infinity, '72/80', '--']) {
        const f = rejected({ hr: bad });
        assert.equal(f.reason, 'not-a-number', String(bad));
        assert.equal(f.field, 'heartRate');
      }
    });

    it('drops a vital given twice with different values, accepts it twice with the same value', () => {
      assert.equal(ok('hr=72;pulse=72').heartRate, 72);
      const r = ok('hr=72;pulse=80;spo2=97');
      assert.equal(r.heartRate, undefined);
      assert.deepEqual(r.dropped, [{ field: 'heartRate', value: 72, reason: 'conflict' }]);
    });

    it('drops a bad bp string', () => {
      const r = ok({ hr: 70, bp: '120' });
      assert.deepEqual(r.dropped, [{ field: 'bp', value: '120', reason: 'bad-value' }]);
    });
  });

  describe('onOxygen and consciousness', () => {
    it('accepts boolean-like oxygen forms', () => {
      for (const [v, want] of [
        [true, true],
        [false, false],
        [1, true],
        [0, false],
        ['true', true],
        ['No', false],
        ['yes', true],
        ['O2', true],
        ['air', false],
        ['room air', false],
        ['RA', false],
      ] as const) {
        assert.equal(ok({ hr: 70, onOxygen: v }).onOxygen, want, String(v));
      }
      assert.equal(ok({ hr: 70, oxygen: 'maybe' }).dropped?.[0].reason, 'bad-value');
    });

    it('accepts ACVPU letters and words', () => {
      for (const [v, want] of [
        ['A', 'A'],
        ['c', 'C'],
        ['V', 'V'],
        ['p', 'P'],
        ['U', 'U'],
        ['Alert', 'A'],
        ['new confusion', 'C'],
        ['voice', 'V'],
        ['PAIN', 'P'],
        ['unresponsive', 'U'],
      ] as const) {
        assert.equal(ok({ avpu: v }).consciousness, want, v);
      }
      const r = ok({ hr: 70, consciousness: 'sleepy' });
      assert.equal(r.consciousness, undefined);
      assert.deepEqual(r.dropped, [{ field: 'consciousness', value: 'sleepy', reason: 'bad-value' }]);
    });
  });

  describe('timestamps', () => {
    it('reads epoch seconds, epoch ms and ISO from ts/timestamp/time', () => {
      assert.equal(ok({ hr: 70, ts: 1710491400 }).timestamp, '2024-03-15T08:30:00.000Z');
      assert.equal(ok({ hr: 70, timestamp: 1710491400123 }).timestamp, '2024-03-15T08:30:00.123Z');
      assert.equal(ok({ hr: 70, time: '2024-03-15T10:30:00+02:00' }).timestamp, '2024-03-15T08:30:00.000Z');
      assert.equal(ok('hr=70;ts=1710491400').timestamp, '2024-03-15T08:30:00.000Z');
    });

    it('uses the receive time when there is none', () => {
      assert.equal(ok({ hr: 70 }, { now: new Date('2025-01-01T00:00:00Z') }).timestamp, '2025-01-01T00:00:00.000Z');
    });

    it('rejects an invalid timestamp, naming the field', () => {
      const r = rejected({ hr: 70, ts: 'soon' });
      assert.equal(r.field, 'timestamp');
      assert.equal(r.reason, 'bad-timestamp');
      assert.match(r.message, /"soon"/);
    });
  });

  describe('bad payloads', () => {
    it('rejects prototype keys without touching any prototype', () => {
      const r = rejected(JSON.parse('{"__proto__":{"x":1},"hr":70}'));
      assert.equal(r.reason, 'prototype-key');
      assert.equal(r.field, '__proto__');
      assert.equal(rejected('{"constructor":{"prototype":{"x":1}},"hr":70}').field, 'constructor');
      assert.equal(rejected('__proto__=1;hr=70').reason, 'prototype-key');
      assert.equal(rejected({ hr: 70, temp: JSON.parse('{"value":37,"__proto__":{"x":1}}') }).reason, 'prototype-key');
      assert.equal(rejected({ bp: { prototype: 1, sys: 120, dia: 80 } }).field, 'prototype');
      assert.equal(({} as Record<string, unknown>).x, undefined);
    });

    it('sends bytes back to the BLE path, saying a characteristic is needed', () => {
      const r = rejected(Buffer.from([0x17, 0x48, 0x00]));
      assert.equal(r.reason, 'no-characteristic');
      assert.equal(r.field, 'payload');
      assert.match(r.message, /binary but no Bluetooth characteristic/);
      assert.equal(rejected(new Uint8Array([1, 2])).reason, 'no-characteristic');
    });

    it('rejects empty and blank strings', () => {
      assert.equal(rejected('').reason, 'unparseable');
      assert.equal(rejected('   \n ').reason, 'unparseable');
    });

    it('rejects invalid JSON, arrays and non-object payloads', () => {
      const j = rejected('{"hr": 72');
      assert.equal(j.reason, 'unparseable');
      assert.match(j.message, /invalid JSON/);
      assert.equal(rejected('[{"hr":72}]').reason, 'wrong-type');
      for (const p of [72, true, null, undefined, [1], new Date()]) {
        assert.equal(rejected(p).reason, 'wrong-type', String(p));
      }
    });

    it('rejects an object with no vital', () => {
      const r = rejected({ deviceId: 'a', battery: 3 });
      assert.equal(r.reason, 'no-vitals');
      assert.equal(r.field, 'payload');
    });

    it('handles a 1 MB string quickly without throwing', () => {
      for (const huge of ['hr=72;'.repeat(174763), 'x'.repeat(1 << 20), '{"hr":' + '7'.repeat(1 << 20) + '}']) {
        const t0 = process.hrtime.bigint();
        const r = rejected(huge);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        assert.equal(r.reason, 'too-long');
        assert.ok(ms < 50, `took ${ms} ms`);
      }
    });

    it('reads a line just under the length limit in linear time', () => {
      const line = 'hr=72;'.repeat(Math.floor(MAX_TEXT_LENGTH / 6));
      const t0 = process.hrtime.bigint();
      assert.equal(ok(line).heartRate, 72);
      const junk = 'a'.repeat(MAX_TEXT_LENGTH - 1);
      assert.equal(rejected(junk).reason, 'unparseable');
      const spaced = 'a '.repeat(MAX_TEXT_LENGTH / 2 - 1);
      assert.equal(rejected(spaced).reason, 'no-vitals');
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      assert.ok(ms < 500, `took ${ms} ms`);
    });

    it('never throws on arbitrary values', () => {
      const odd: unknown[] = [
        { hr: Symbol('x') },
        { hr: () => 1 },
        { hr: BigInt(7) },
        { bp: 120 },
        { bp: [120, 80] },
        { temperature: { value: { value: 37 } } },
        { temp: { unit: 5, value: 37 } },
        Object.create(null),
        'hr',
        '=',
        ':::',
        ';;;',
      ];
      for (const p of odd) assert.doesNotThrow(() => parseText(p, opts()));
    });
  });

  describe('what a payload means, and nothing else', () => {
    const alias = fc.constantFrom(...Object.values(FIELD_ALIASES).flat());
    const word = fc.constantFrom(
      '72',
      '37.2',
      '98.6F',
      '120/80',
      '16/10.7kPa',
      '96%',
      'abc',
      'alert',
      'V',
      'yes',
      'air',
      'p-7',
      '1710491400',
    );
    const pairs = fc.uniqueArray(fc.tuple(alias, word), { selector: ([k]) => k, minLength: 1, maxLength: 8 });

    it('an object, its JSON text and the same pairs as a key=value line give the same result', () => {
      fc.assert(
        fc.property(pairs, (list) => {
          const fromObject = parseText(Object.fromEntries(list), opts());
          assert.deepEqual(parseText(JSON.stringify(Object.fromEntries(list)), opts()), fromObject);
          assert.deepEqual(parseText(list.map(([k, v]) => `${k}=${v}`).join(';'), opts()), fromObject);
        }),
        { numRuns: 2000 },
      );
    });

    it('gives each payload the same result whatever was parsed before or after it', () => {
      fc.assert(
        fc.property(fc.array(pairs, { minLength: 2, maxLength: 6 }), (payloads) => {
          const first = payloads.map((p) => parseText(Object.fromEntries(p), opts()));
          const kept = JSON.stringify(first);
          const again = [...payloads].reverse().map((p) => parseText(Object.fromEntries(p), opts()));
          assert.deepEqual(again.reverse(), first);
          assert.equal(JSON.stringify(first), kept, 'a later message never changes an earlier result');
        }),
        { numRuns: 500 },
      );
    });

    it("reads only the payload's own keys, even with a polluted Object.prototype", () => {
      const child = Object.create({ hr: 300, spo2: 10 }) as Record<string, unknown>;
      child.rr = 14;
      assert.deepEqual(ok(child), { deviceId: 'p1', timestamp: NOW.toISOString(), respiratoryRate: 14 });
      const proto = Object.prototype as Record<string, unknown>;
      proto.temp = 20;
      try {
        assert.deepEqual(ok({ hr: 70 }), { deviceId: 'p1', timestamp: NOW.toISOString(), heartRate: 70 });
      } finally {
        delete proto.temp;
      }
    });

    it('asks for the receive time only when the payload has no timestamp', () => {
      let calls = 0;
      const now = () => {
        calls++;
        return NOW;
      };
      assert.equal(ok({ hr: 70, ts: '2025-03-01T00:00:00.000Z' }, { now }).timestamp, '2025-03-01T00:00:00.000Z');
      assert.equal(calls, 0);
      assert.equal(ok({ hr: 70 }, { now }).timestamp, NOW.toISOString());
      assert.equal(calls, 1);
    });
  });
});
