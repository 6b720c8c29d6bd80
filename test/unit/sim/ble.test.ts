// The simulator's Bluetooth mode: its own SFLOAT/FLOAT encoder pinned to health.md §6, and
// every packet it builds read back by vitals-parse to the vitals it was built from.
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../../nodes/lib/reading';
import { parseMessage } from '../../../nodes/vitals-parse/parse-message';
import { dateTime, float, sfloat, toHex } from '../../../sim/ble-encode';
import {
  bloodPressurePacket,
  heartRatePacket,
  packetsFor,
  profileFor,
  temperaturePacket,
} from '../../../sim/ble-packets';
import { bleMessages } from '../../../sim/ble-simulator';
import { parseArgs } from '../../../sim/cli';
import { seededRandom } from '../../../sim/random';
import { advance, createPatients } from '../../../sim/vitals-model';

const spaced = (b: number[]) => toHex(b).replace(/(..)(?!$)/g, '$1 ');
const TIME = new Date('2024-03-15T08:30:00.000Z');

function read(topic: string, payload: string) {
  const r = parseMessage(
    { payload, topic },
    {
      topicSegment: 1,
      limits: DEFAULT_LIMITS,
      characteristic: '',
      characteristicSegment: -1,
      encoding: 'auto',
      now: new Date(0),
    },
  );
  if (!r.ok) assert.fail(`${topic} ${payload}: ${r.message}`);
  return r.reading;
}

describe('simulator BLE encoder', () => {
  it('encodes the SFLOAT and FLOAT vectors of health.md §6', () => {
    assert.equal(spaced(sfloat(72)), '48 00');
    assert.equal(spaced(sfloat(16, 1)), 'a0 f0');
    assert.equal(spaced(sfloat(2, 1)), '14 f0');
    assert.equal(spaced(sfloat(2, 2)), 'c8 e0');
    assert.equal(spaced(sfloat('nan')), 'ff 07');
    assert.equal(spaced(sfloat('nres')), '00 08');
    assert.equal(spaced(sfloat('+inf')), 'fe 07');
    assert.equal(spaced(float('nan')), 'ff ff 7f 00');
    assert.equal(spaced(float('nres')), '00 00 80 00');
    assert.equal(spaced(float('+inf')), 'fe ff 7f 00');
    assert.equal(spaced(float(98.6, 1)), 'da 03 00 ff');
    assert.equal(spaced(dateTime(TIME)), 'e8 07 03 0f 08 1e 00');
    assert.throws(() => sfloat(2048), RangeError);
    assert.throws(() => sfloat(2046), RangeError, 'would collide with +INF');
  });

  it('rebuilds worked vector 3 (°F with time stamp) and 4 (kPa with pulse) byte for byte', () => {
    assert.equal(spaced([0x03, ...float(98.6, 1), ...dateTime(TIME)]), '03 da 03 00 ff e8 07 03 0f 08 1e 00');
    assert.equal(
      spaced([0x05, ...sfloat(16, 1), ...sfloat(10.7, 1), ...sfloat(12.5, 1), ...sfloat(72)]),
      '05 a0 f0 6b f0 7d f0 48 00',
    );
    // The sim's temperature packet in °F carries 98.6 for 37 °C (plus the type byte).
    assert.equal(spaced(temperaturePacket(37, TIME, true)), '07 da 03 00 ff e8 07 03 0f 08 1e 00 06');
  });
});

describe('simulator BLE packets', () => {
  it('read back through vitals-parse as the vitals they were built from, in every unit', () => {
    const random = seededRandom(7);
    const patients = createPatients({ count: 6, random, deteriorating: 'p-003', textDevice: null });
    for (let round = 0; round < 20; round++) {
      patients.forEach((p, i) => {
        const v = advance(p, random, round * 60_000, 600_000);
        const profile = profileFor(i);
        for (const m of bleMessages('ble', p, i, profile, v, TIME, 'mixed')) {
          const r = read(m.topic, m.payload);
          assert.equal(r.deviceId, m.topic.split('/')[1]);
          assert.ok(r.deviceId.startsWith(`${p.id}-`));
          const ch = m.topic.split('/')[2];
          if (ch === '2a37') {
            assert.equal(r.heartRate, v.heartRate);
            assert.equal(r.rrIntervals!.length, 2);
            for (const rr of r.rrIntervals!)
              assert.ok(Math.abs(rr - 60000 / v.heartRate) < 0.03 * (60000 / v.heartRate));
          } else {
            assert.equal(r.timestamp, TIME.toISOString(), `${ch}: the packet time`);
          }
          if (ch === '2a1c')
            assert.ok(Math.abs(r.temperature! - v.temperature) <= 0.05, `${r.temperature} vs ${v.temperature}`);
          if (ch === '2a35') {
            // kPa carries 0.1 kPa = 0.75 mmHg.
            const tol = profile.kpa ? 0.4 : 0;
            assert.ok(
              Math.abs(r.systolic! - v.systolic) <= tol && Math.abs(r.diastolic! - v.diastolic) <= tol,
              `${r.systolic}/${r.diastolic} vs ${v.systolic}/${v.diastolic}`,
            );
            assert.equal(r.heartRate, v.heartRate);
            assert.equal(r.userId, profile.userId);
          }
          if (ch === '2a5e')
            assert.deepEqual([r.spo2, r.heartRate, r.status], [v.spo2, v.heartRate, ['validated-data']]);
          if (ch === '2a9d')
            assert.ok(Math.abs(r.weight! - profile.weight) < 0.005 && Math.abs(r.height! - profile.height) < 0.001);
        }
      });
    }
  });

  it('sends hex, base64 or both as asked, on ble/<patient>-<device>/<characteristic>', () => {
    const [p0, p1] = createPatients({ count: 2, random: seededRandom(1), textDevice: null });
    const v = { heartRate: 72, respiratoryRate: 16, spo2: 97, temperature: 36.9, systolic: 120, diastolic: 80 };
    const topics = bleMessages('gw', p0, 0, profileFor(0), v, TIME, 'hex').map((m) => m.topic);
    assert.deepEqual(topics, [
      'gw/p-001-hrm/2a37',
      'gw/p-001-thermo/2a1c',
      'gw/p-001-cuff/2a35',
      'gw/p-001-oximeter/2a5e',
      'gw/p-001-scale/2a9d',
    ]);
    const isHex = (s: string) => /^[0-9a-f]+$/.test(s) && s.length % 2 === 0;
    assert.ok(bleMessages('ble', p0, 0, profileFor(0), v, TIME, 'hex').every((m) => isHex(m.payload)));
    const mixed = [
      ...bleMessages('ble', p0, 0, profileFor(0), v, TIME, 'mixed'),
      ...bleMessages('ble', p1, 1, profileFor(1), v, TIME, 'mixed'),
    ];
    assert.deepEqual(
      mixed.map((m) => isHex(m.payload)),
      [true, true, true, true, true, false, false, false, false, false],
    );
    const all = packetsFor(v, profileFor(1), TIME);
    assert.deepEqual(
      mixed.slice(5).map((m) => m.payload),
      all.map((p) => Buffer.from(p.bytes).toString('base64')),
    );
  });

  it('uses a uint16 heart rate only when it must, and flags a fast pulse on the cuff', () => {
    assert.equal(heartRatePacket(72)[0] & 0x01, 0);
    const bp = bloodPressurePacket(120, 80, 130, TIME, false, 0);
    assert.equal(bp.at(-2)! & 0x04, 0x04, 'irregular pulse');
  });
});

describe('simulator CLI: --ble', () => {
  it('is off unless asked, and reads the encoding', () => {
    assert.equal(parseArgs([], {}).ble, undefined);
    assert.deepEqual(parseArgs(['--ble'], {}).ble, { encoding: 'hex' });
    assert.deepEqual(parseArgs(['--ble-encoding', 'mixed'], {}).ble, { encoding: 'mixed' });
    assert.deepEqual(parseArgs(['--ble-encoding', 'base64', '--ble'], {}).ble, { encoding: 'base64' });
    assert.throws(() => parseArgs(['--ble-encoding', 'utf8'], {}), /--ble-encoding/);
  });
});
