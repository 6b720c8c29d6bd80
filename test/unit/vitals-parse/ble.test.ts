import assert from 'node:assert/strict';
import {
  decodeBle,
  decodeFloat,
  decodeSfloat,
  parseCharacteristic,
  statusVerdict,
  toBytes,
} from '../../../nodes/vitals-parse/ble';
import type { BleDecodeResult, BleReading } from '../../../nodes/vitals-parse/ble';
import { dateTime, float, le16, sfloat, toHex } from './ble-encoder.test';
import {
  allCases,
  bloodPressureCase,
  packetOf,
  plxContinuousCase,
  plxSpotCheckCase,
  temperatureCase,
  weightCase,
} from './ble-model.test';

function ok(r: BleDecodeResult): BleReading {
  if (!r.ok) assert.fail(`expected a reading, got ${r.reason}: ${r.message}`);
  return r.reading;
}

function rejected(r: BleDecodeResult) {
  if (r.ok) assert.fail(`expected a rejection, got ${JSON.stringify(r.reading)}`);
  return r;
}

/** deepEqual, but numbers within a relative 1e-9 (converted units are not exact decimals). */
function assertClose(actual: unknown, expected: unknown, path = 'reading'): void {
  if (typeof expected === 'number') {
    assert.equal(typeof actual, 'number', `${path} should be a number, got ${JSON.stringify(actual)}`);
    const a = actual as number;
    assert.ok(Math.abs(a - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${a} ≠ ${expected}`);
  } else if (expected !== null && typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${path} should be an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), `${path} keys`);
    for (const k of Object.keys(expected))
      assertClose((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
  } else {
    assert.deepEqual(actual, expected, path);
  }
}

describe('BLE decoder: health.md §6 worked vectors', function () {
  it('1. 0x2A37 uint16 HR with two RR intervals', function () {
    const r = ok(decodeBle('17 48 00 4D 03 40 03', '2a37'));
    assert.equal(r.heartRate, 72);
    assert.equal(r.sensorContact, 'detected');
    assert.equal(r.energyExpended, undefined);
    assert.deepEqual(r.rrIntervals, [825.1953125, 812.5]);
  });

  it('2. 0x2A37 uint8 HR, energy, one RR', function () {
    const r = ok(decodeBle('18 5A 2C 01 00 04', '2a37'));
    assert.equal(r.heartRate, 90);
    assert.equal(r.sensorContact, 'not-supported');
    assert.equal(r.energyExpended, 300);
    assert.deepEqual(r.rrIntervals, [1000]);
  });

  it('3. 0x2A1C in °F with a timestamp', function () {
    const r = ok(decodeBle('03 DA 03 00 FF E8 07 03 0F 08 1E 00', '2A1C'));
    assert.equal(r.temperature!.toFixed(1), '37.0');
    assert.equal(r.precision!.temperature, 1);
    assert.equal(r.timestamp, '2024-03-15T08:30:00.000Z');
    assert.equal(r.temperatureSite, undefined);
  });

  it('4. 0x2A35 in kPa with pulse', function () {
    const r = ok(decodeBle('05 A0 F0 6B F0 7D F0 48 00', '2a35'));
    assert.equal(r.systolic!.toFixed(1), '120.0');
    assert.equal(r.diastolic!.toFixed(1), '80.3');
    assert.equal(r.meanArterial!.toFixed(1), '93.8');
    assert.equal(r.heartRate, 72);
    assert.equal(r.timestamp, undefined);
    assert.equal(r.userId, undefined);
    assert.equal(r.status, undefined);
  });

  it('5. SFLOAT words', function () {
    assert.deepEqual(decodeSfloat(0x0048), { kind: 'number', value: 72, decimals: 0 });
    assert.deepEqual(decodeSfloat(0xf0a0), { kind: 'number', value: 16, decimals: 1 });
    assert.deepEqual(decodeSfloat(0xf014), { kind: 'number', value: 2, decimals: 1 });
    assert.deepEqual(decodeSfloat(0xe0c8), { kind: 'number', value: 2, decimals: 2 });
    assert.deepEqual(decodeSfloat(0x07ff), { kind: 'special', reason: 'not-a-number' });
    assert.deepEqual(decodeSfloat(0x0800), { kind: 'special', reason: 'nres' });
    assert.deepEqual(decodeSfloat(0x07fe), { kind: 'special', reason: 'positive-infinity' });
    assert.deepEqual(decodeSfloat(0x0802), { kind: 'special', reason: 'negative-infinity' });
    assert.deepEqual(decodeSfloat(0x0801), { kind: 'special', reason: 'reserved' });
  });

  it('6. FLOAT words', function () {
    assert.deepEqual(decodeFloat(0x007fffff), { kind: 'special', reason: 'not-a-number' });
    assert.deepEqual(decodeFloat(0x00800000), { kind: 'special', reason: 'nres' });
    assert.deepEqual(decodeFloat(0x007ffffe), { kind: 'special', reason: 'positive-infinity' });
    assert.deepEqual(decodeFloat(0x00800002), { kind: 'special', reason: 'negative-infinity' });
    assert.deepEqual(decodeFloat(0x00800001), { kind: 'special', reason: 'reserved' });
    assert.deepEqual(decodeFloat(0xff0003da), { kind: 'number', value: 98.6, decimals: 1 });
  });
});

describe('IEEE-11073 numbers beyond the vectors', function () {
  it('reads negative mantissas and positive exponents', function () {
    assert.deepEqual(decodeSfloat(0xfff6), { kind: 'number', value: -1, decimals: 1 }); // -10 × 10^-1
    assert.deepEqual(decodeSfloat(0x2005), { kind: 'number', value: 500, decimals: 0 }); // 5 × 10^2
    assert.deepEqual(decodeSfloat(0x0801 | 0x1000), { kind: 'number', value: -20470, decimals: 0 }); // not special: exponent 1
    assert.deepEqual(decodeFloat(0xfd800000), { kind: 'number', value: -8388.608, decimals: 3 });
    assert.deepEqual(decodeFloat(0x02000007), { kind: 'number', value: 700, decimals: 0 });
  });
});

describe('BLE decoder: every characteristic, every flag combination', function () {
  for (const c of allCases()) {
    const bytes = packetOf(c);
    it(`${c.characteristic} flags 0x${c.flags.toString(16).padStart(2, '0')}: ${toHex(bytes)}`, function () {
      const r = decodeBle(Buffer.from(bytes), c.characteristic);
      assertClose(ok(r), c.expected);
      assert.equal((r as { ignoredBytes: number }).ignoredBytes, 0);
    });
  }
});

describe('BLE decoder: packets shorter than their flags announce', function () {
  it('are rejected at the field and offset where they break, for every prefix of every case', function () {
    let checked = 0;
    for (const c of allCases()) {
      const bytes = packetOf(c);
      for (let n = 1; n < (c.minValidLength ?? bytes.length); n++) {
        const r = rejected(decodeBle(Buffer.from(bytes.slice(0, n)), c.characteristic));
        let start = 0;
        const broken = c.segments.find((s) => {
          const inside = n >= start && n < start + s.bytes.length;
          start += s.bytes.length;
          return inside;
        })!;
        const brokenStart = c.segments.slice(0, c.segments.indexOf(broken)).reduce((a, s) => a + s.bytes.length, 0);
        assert.equal(r.reason, 'too-short');
        assert.equal(r.field, broken.field, `${c.characteristic} ${toHex(bytes.slice(0, n))}`);
        assert.equal(r.offset, brokenStart);
        assert.match(
          r.message,
          new RegExp(
            `packet is ${n} bytes?; .* at offset ${brokenStart} needs ${brokenStart + broken.bytes.length - n} more`,
          ),
        );
        checked++;
      }
    }
    assert.ok(checked > 1000, `checked ${checked} prefixes`);
  });

  it('says it in the words of the spec', function () {
    const r = rejected(decodeBle('05 A0 F0 6B F0 7D F0', '2a35'));
    assert.equal(r.message, '0x2A35: packet is 7 bytes; Pulse Rate (SFLOAT) at offset 7 needs 2 more');
    assert.equal(r.characteristic!.name, 'Blood Pressure Measurement');
  });

  it('2A37 with the RR flag needs at least one RR value', function () {
    const r = rejected(decodeBle('10 48', '2a37'));
    assert.equal(r.field, 'rrIntervals');
    assert.equal(r.offset, 2);
  });
});

describe('BLE decoder: trailing bytes', function () {
  it('are ignored and counted, so a device with newer appended fields still decodes', function () {
    const r = decodeBle([...packetOf(bloodPressureCase(0)), 0xaa, 0xbb, 0xcc], '2a35');
    assert.equal(ok(r).systolic, 132);
    assert.equal((r as { ignoredBytes: number }).ignoredBytes, 3);
  });

  it('in 2A37 become RR intervals; only an odd last byte is left over', function () {
    const r = decodeBle([0x10, 72, ...le16(1024), ...le16(2048), ...le16(256), 0x01], '2a37');
    assert.deepEqual(ok(r).rrIntervals, [1000, 2000, 250]);
    assert.equal((r as { ignoredBytes: number }).ignoredBytes, 1);
    // Without the RR flag, bytes after HR are not RR intervals.
    const plain = decodeBle([0x00, 72, ...le16(1024)], '2a37');
    assert.equal(ok(plain).rrIntervals, undefined);
    assert.equal((plain as { ignoredBytes: number }).ignoredBytes, 2);
  });
});

describe('BLE decoder: special values never become numbers', function () {
  const specials = [
    ['nan', 'not-a-number'],
    ['nres', 'nres'],
    ['+inf', 'positive-infinity'],
    ['-inf', 'negative-infinity'],
    ['reserved', 'reserved'],
  ] as const;

  for (const [special, reason] of specials) {
    it(`${special} in each SFLOAT field of 2A35 and the PLX characteristics, and the 2A1C FLOAT`, function () {
      const bp = ok(
        decodeBle([0x04, ...sfloat(special), ...sfloat(80), ...sfloat(special), ...sfloat(special)], '2a35'),
      );
      assert.equal(bp.systolic, undefined);
      assert.equal(bp.meanArterial, undefined);
      assert.equal(bp.heartRate, undefined);
      assert.equal(bp.diastolic, 80);
      assert.deepEqual(bp.absent, [
        { field: 'systolic', reason },
        { field: 'meanArterial', reason },
        { field: 'heartRate', reason },
      ]);
      assert.equal(bp.precision!.systolic, undefined);

      const plx = ok(
        decodeBle(
          [
            0x1f,
            ...sfloat(special),
            ...sfloat(special),
            ...sfloat(special),
            ...sfloat(70),
            ...sfloat(special),
            ...sfloat(60),
            0,
            0,
            0,
            0,
            0,
            ...sfloat(special),
          ],
          '2a5f',
        ),
      );
      assert.deepEqual(
        Object.keys(plx)
          .filter((k) => typeof (plx as Record<string, unknown>)[k] === 'number')
          .sort(),
        ['heartRateFast', 'heartRateSlow'],
      );
      assert.deepEqual(
        plx.absent!.map((a) => a.field),
        ['spo2', 'heartRate', 'spo2Fast', 'spo2Slow', 'pulseAmplitudeIndex'],
      );
      assert.ok(plx.absent!.every((a) => a.reason === reason));

      const t = ok(decodeBle([0x01, ...float(special)], '2a1c'));
      assert.equal(t.temperature, undefined);
      assert.deepEqual(t.absent, [{ field: 'temperature', reason }]);
    });
  }

  it('weight 0xFFFF is "measurement unsuccessful"', function () {
    const r = ok(decodeBle([0x00, 0xff, 0xff], '2a9d'));
    assert.equal(r.weight, undefined);
    assert.deepEqual(r.absent, [{ field: 'weight', reason: 'measurement-unsuccessful' }]);
  });

  it('user id 255 is the unknown user, not user 255', function () {
    const bp = ok(decodeBle([0x08, ...sfloat(120), ...sfloat(80), ...sfloat(90), 255], '2a35'));
    assert.equal(bp.userId, undefined);
    assert.deepEqual(bp.absent, [{ field: 'userId', reason: 'unknown-user' }]);
    const w = ok(decodeBle([0x04, ...le16(14000), 254], '2a9d'));
    assert.equal(w.userId, 254);
  });
});

describe('BLE decoder: fields in detail', function () {
  it('names every temperature type and refuses the reserved ones', function () {
    const sites = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (t) => ok(decodeBle([0x04, ...float(37), t], '2a1c')).temperatureSite,
    );
    assert.deepEqual(sites, [
      'armpit',
      'body',
      'ear',
      'finger',
      'gastrointestinal',
      'mouth',
      'rectum',
      'toe',
      'tympanum',
    ]);
    for (const t of [0, 10, 255]) {
      const r = ok(decodeBle([0x04, ...float(37), t], '2a1c'));
      assert.equal(r.temperatureSite, undefined);
      assert.deepEqual(r.absent, [{ field: 'temperatureSite', reason: 'reserved' }]);
    }
  });

  it('reads the sensor contact bits as the spec table says', function () {
    const contact = (flags: number) => ok(decodeBle([flags, 60], '2a37')).sensorContact;
    assert.equal(contact(0x00), 'not-supported');
    assert.equal(contact(0x02), 'not-supported'); // bit 1 means nothing without bit 2
    assert.equal(contact(0x04), 'not-detected');
    assert.equal(contact(0x06), 'detected');
  });

  it('reads the BP pulse-rate range field', function () {
    const status = (word: number) =>
      ok(decodeBle([0x10, ...sfloat(120), ...sfloat(80), ...sfloat(90), ...le16(word)], '2a35')).status;
    assert.deepEqual(status(0x08), ['pulse-rate-exceeds-upper-limit']);
    assert.deepEqual(status(0x10), ['pulse-rate-below-lower-limit']);
    assert.equal(status(0x18), undefined); // range 3 is reserved
    assert.equal(status(0xffc0), undefined); // bits 6-15 reserved
  });

  it('names every PLX status bit', function () {
    const all = ok(decodeBle([0x06, ...sfloat(95), ...sfloat(60), 0xff, 0xff, 0xff, 0xff, 0xff], '2a5e')).status!;
    assert.deepEqual(all.slice(0, 11), [
      'measurement-ongoing',
      'early-estimated-data',
      'validated-data',
      'fully-qualified-data',
      'from-measurement-storage',
      'for-demonstration',
      'for-testing',
      'calibration-ongoing',
      'measurement-unavailable',
      'questionable',
      'invalid',
    ]);
    assert.equal(all.length, 11 + 16);
    assert.ok(all.includes('equipment-malfunction'));
    assert.ok(all.includes('sensor-disconnected'));
    assert.ok(
      all.every((w) => /^[a-z]+(-[a-z]+)*$/.test(w)),
      'kebab-case words',
    );
  });

  it('gives the suggested policy for PLX status', function () {
    assert.equal(statusVerdict(['measurement-ongoing', 'invalid']), 'drop');
    assert.equal(statusVerdict(['measurement-unavailable']), 'drop');
    assert.equal(statusVerdict(['questionable']), 'flag');
    assert.equal(statusVerdict(['early-estimated-data']), 'flag');
    assert.equal(statusVerdict(['validated-data']), 'ok');
    assert.equal(statusVerdict(undefined), 'ok');
  });

  it('keeps PLX fast and slow pairs apart from the normal pair', function () {
    const r = ok(decodeBle(packetOf(plxContinuousCase(0x03)), '2a5f'));
    assert.deepEqual(
      [r.spo2, r.heartRate, r.spo2Fast, r.heartRateFast, r.spo2Slow, r.heartRateSlow],
      [98, 70, 97, 72.5, 96, 68],
    );
  });

  it('converts imperial weight and height', function () {
    const r = ok(decodeBle(packetOf(weightCase(0x09)), '2a9d'));
    assert.equal(r.weight!.toFixed(2), '70.00'); // 154.32 lb
    assert.equal(r.height!.toFixed(3), '1.750'); // 68.9 in
    assert.equal(r.bmi, 22.9);
  });

  it('keeps SI weight exact to its 5 g resolution', function () {
    assert.equal(ok(decodeBle([0x00, ...le16(14001)], '2a9d')).weight, 70.005);
    assert.equal(ok(decodeBle([0x00, ...le16(1)], '2a9d')).weight, 0.005);
  });
});

describe('BLE decoder: timestamps', function () {
  const temp = (dt: number[]) => decodeBle([0x02, ...float(37), ...dt], '2a1c');

  it('reads the device date-time as UTC by default', function () {
    assert.equal(ok(temp(dateTime(2024, 3, 15, 8, 30, 0))).timestamp, '2024-03-15T08:30:00.000Z');
  });

  it('gives no timestamp when year, month or day is 0 (unknown)', function () {
    for (const dt of [
      dateTime(0, 0, 0, 0, 0, 0),
      dateTime(0, 3, 15, 8, 30, 0),
      dateTime(2024, 0, 15, 8, 0, 0),
      dateTime(2024, 3, 0, 8, 0, 0),
    ]) {
      const r = ok(temp(dt));
      assert.equal(r.timestamp, undefined);
      assert.deepEqual(r.absent, [{ field: 'timestamp', reason: 'unknown' }]);
      assert.equal(r.temperature, 37);
    }
  });

  it('gives no timestamp for an impossible date or time', function () {
    for (const dt of [
      dateTime(2024, 13, 1, 0, 0, 0),
      dateTime(2023, 2, 29, 0, 0, 0),
      dateTime(2024, 4, 31, 0, 0, 0),
      dateTime(2024, 1, 1, 24, 0, 0),
      dateTime(2024, 1, 1, 0, 60, 0),
      dateTime(2024, 1, 1, 0, 0, 60),
      dateTime(1581, 1, 1, 0, 0, 0),
      dateTime(10000, 1, 1, 0, 0, 0),
    ]) {
      const r = ok(temp(dt));
      assert.equal(r.timestamp, undefined, toHex(dt));
      assert.deepEqual(r.absent, [{ field: 'timestamp', reason: 'out-of-range' }]);
    }
    assert.equal(ok(temp(dateTime(2000, 2, 29, 0, 0, 0))).timestamp, '2000-02-29T00:00:00.000Z');
  });

  it('PLX spot-check: a device clock that is not set gives no timestamp', function () {
    const r = ok(decodeBle(packetOf(plxSpotCheckCase(0x11)), '2a5e'));
    assert.equal(r.timestamp, undefined);
    assert.deepEqual(r.absent, [{ field: 'timestamp', reason: 'device-clock-not-set' }]);
  });
});

describe('BLE input: bytes', function () {
  const vector1 = [0x17, 0x48, 0x00, 0x4d, 0x03, 0x40, 0x03];
  const same = (value: unknown, encoding?: 'auto' | 'hex' | 'base64' | 'buffer') => {
    const r = toBytes(value, encoding);
    if (!r.ok) assert.fail(`${JSON.stringify(value)}: ${r.message}`);
    assert.deepEqual([...r.bytes], vector1, JSON.stringify(value));
    return r.encoding;
  };

  it('reads hex with or without separators and 0x', function () {
    for (const s of [
      '17 48 00 4D 03 40 03',
      '1748004d034003',
      '17:48:00:4d:03:40:03',
      '0x1748004D034003',
      '0x17 0x48 0x00 0x4D 0x03 0x40 0x03',
      '17-48-00-4D-03-40-03',
      ' 17,48,00,4d,03,40,03 ',
    ]) {
      assert.equal(same(s), 'hex');
      same(s, 'hex');
    }
  });

  it('reads base64, standard or URL-safe, padded or not', function () {
    const b64 = Buffer.from(vector1).toString('base64');
    assert.equal(b64, 'F0gATQNAAw==');
    for (const s of [b64, 'F0gATQNAAw', b64.replace(/\+/g, '-').replace(/\//g, '_')]) {
      assert.equal(same(s), 'base64');
      same(s, 'base64');
    }
    const r = toBytes('/+/+', 'base64');
    assert.ok(r.ok && toHex([...r.bytes]) === 'ff ef fe');
    // Explicit base64 tolerates line breaks; auto does not, so mistyped hex with spaces is not read as base64.
    const wrapped = toBytes('F0gA\nTQNAAw==', 'base64');
    assert.ok(wrapped.ok && toHex([...wrapped.bytes]) === '17 48 00 4d 03 40 03');
    const u = toBytes('_-_-', 'auto');
    assert.ok(u.ok && toHex([...u.bytes]) === 'ff ef fe');
  });

  it('reads binary values', function () {
    assert.equal(same(Buffer.from(vector1)), 'buffer');
    same(new Uint8Array(vector1), 'buffer');
    same(new Uint8Array(vector1).buffer);
    same(vector1);
    same(JSON.parse(JSON.stringify(Buffer.from(vector1))), 'buffer');
  });

  it('auto: a string that is valid hex is hex even when it is also valid base64', function () {
    const r = toBytes('ABCD');
    assert.ok(r.ok);
    assert.equal(r.encoding, 'hex');
    assert.deepEqual([...r.bytes], [0xab, 0xcd]);
    // An odd number of hex digits is not hex; "ABC" is not base64 either (length 3 is fine: AB C → 2 bytes).
    const odd = toBytes('ABCDE');
    assert.ok(!odd.ok);
  });

  it('refuses what is neither, naming why', function () {
    for (const [value, encoding, reason, pattern] of [
      ['17 4', 'auto', 'bad-encoding', /neither hex .* nor valid base64/],
      ['F0gA TQNAAw==', 'auto', 'bad-encoding', /neither/],
      ['zz!!', 'auto', 'bad-encoding', /neither/],
      ['17 4', 'hex', 'bad-encoding', /odd number of digits/],
      ['1748G0', 'hex', 'bad-encoding', /not hex/],
      ['F0gA*', 'base64', 'bad-encoding', /unexpected character/],
      ['F0gAT', 'base64', 'bad-encoding', /length/],
      ['F0g=A', 'base64', 'bad-encoding', /not base64/],
      ['1748', 'buffer', 'bad-encoding', /expected a Buffer/],
      [Buffer.from([1]), 'hex', 'bad-encoding', /expected a hex string/],
      ['', 'auto', 'empty-input', /empty/],
      ['   ', 'hex', 'empty-input', /empty/],
      [Buffer.alloc(0), 'auto', 'empty-input', /no bytes/],
      [undefined, 'auto', 'empty-input', /undefined/],
      [[1, 256], 'auto', 'bad-encoding', /array/],
      [{ a: 1 }, 'auto', 'bad-encoding', /object/],
      [42, 'auto', 'bad-encoding', /number/],
    ] as const) {
      const r = toBytes(value, encoding);
      assert.ok(!r.ok, `${String(value)} as ${encoding} should be refused`);
      assert.equal(r.reason, reason, `${String(value)} as ${encoding}`);
      assert.match(r.message, pattern);
    }
  });

  it('decodeBle reports bad input as a rejection naming the value', function () {
    const r = rejected(decodeBle('nope!', '2a37'));
    assert.equal(r.reason, 'bad-encoding');
    assert.equal(r.field, 'value');
    assert.match(r.message, /^0x2A37: /);
  });

  it('decodeBle honours the encoding option', function () {
    // "A1CDEF" read as base64 is 03 50 83 10 (uint16 HR 0x8350); as hex A1 CD EF (uint16 HR 0xEFCD).
    assert.equal(ok(decodeBle('A1CDEF', '2a37', { encoding: 'base64' })).heartRate, 0x8350);
    assert.equal(ok(decodeBle('A1CDEF', '2a37')).heartRate, 0xefcd);
    const bad = rejected(decodeBle('ABCD', '2a37', { encoding: 'utf8' as never }));
    assert.equal(bad.reason, 'bad-option');
    assert.equal(bad.field, 'encoding');
  });
});

describe('BLE input: characteristic', function () {
  it('accepts the usual spellings', function () {
    for (const v of [
      '2a37',
      '2A37',
      '0x2A37',
      '0x2a37',
      0x2a37,
      '00002a37-0000-1000-8000-00805f9b34fb',
      '00002A37-0000-1000-8000-00805F9B34FB',
      '00002a3700001000800000805f9b34fb',
      'org.bluetooth.characteristic.heart_rate_measurement',
      'Heart Rate Measurement',
    ]) {
      const r = parseCharacteristic(v);
      assert.ok(r.ok, String(v));
      assert.equal(r.characteristic.uuid, 0x2a37);
      assert.equal(r.characteristic.hex, '0x2A37');
    }
    const weight = parseCharacteristic('00002a9d-0000-1000-8000-00805f9b34fb');
    assert.ok(weight.ok && weight.characteristic.name === 'Weight Measurement');
  });

  it('names an unknown characteristic and lists the ones it knows', function () {
    for (const [v, shown] of [
      ['2a38', '0x2A38'],
      [0x180d, '0x180D'],
      ['0000180d-0000-1000-8000-00805f9b34fb', '0x180D'],
      ['12345678-1234-1234-1234-123456789abc', "'12345678-1234-1234-1234-123456789abc'"],
      [-1, '-1'],
      [undefined, 'undefined'],
    ] as const) {
      const r = rejected(decodeBle('00 48', v));
      assert.equal(r.reason, 'unknown-characteristic');
      assert.equal(r.field, 'characteristic');
      assert.ok(r.message.startsWith(`unknown characteristic ${shown};`), r.message);
      assert.match(r.message, /0x2A37 Heart Rate Measurement.*0x2A9D Weight Measurement/);
    }
  });
});

describe('BLE decoder: precision', function () {
  it('temperature in °C keeps the device precision (0.01)', function () {
    const r = ok(decodeBle(packetOf(temperatureCase(0)), '2a1c'));
    assert.equal(r.temperature, 36.75);
    assert.equal(r.precision!.temperature, 2);
  });
});
