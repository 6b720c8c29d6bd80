// A health device as the project's health seed implies: it publishes to `health_data` without
// naming itself, with `date`, `heart_rate`, `blood_pressure` as "120/80" and `temperature`. What
// vitals-parse makes of it: the device's own time (never the receive time), the pressure pair,
// the node's device id for a topic without one, and every key it did not use named in `ignored`.
import assert from 'node:assert/strict';
import { DEFAULT_LIMITS, MAX_IGNORED_KEYS, type Reading } from '../../../nodes/lib/reading';
import { parseMessage, type MessageSettings } from '../../../nodes/vitals-parse/parse-message';
import type { ParseResult } from '../../../nodes/vitals-parse/reasons';

const RECEIVED = new Date('2026-12-04T18:00:00.000Z');
const settings = (over: Partial<MessageSettings> = {}): MessageSettings => ({
  topicSegment: 1,
  limits: DEFAULT_LIMITS,
  characteristic: '',
  characteristicSegment: -1,
  encoding: 'auto',
  now: RECEIVED,
  ...over,
});
const seedReading = {
  date: '2023-09-05 10:00:00',
  heart_rate: 72,
  blood_pressure: '120/80',
  temperature: 36.6,
};
const withId = settings({ fallbackDeviceId: () => 'bed-7' });

function parsed(payload: unknown, s = withId, topic = 'health_data'): ParseResult {
  return parseMessage({ payload, topic }, s);
}
function reading(payload: unknown, s = withId, topic = 'health_data'): Reading {
  const r = parsed(payload, s, topic);
  if (!r.ok) assert.fail(`expected a reading, got ${r.reason}: ${r.message}`);
  return r.reading;
}
function refusal(payload: unknown, s = withId, topic = 'health_data') {
  const r = parsed(payload, s, topic);
  if (r.ok) assert.fail(`expected a refusal, got ${JSON.stringify(r.reading)}`);
  return r;
}

describe("vitals-parse: the health seed's device (topic health_data)", () => {
  it("reads its JSON with the device's own date (host local time), the pressure pair and the node's device id", () => {
    assert.deepEqual(reading(JSON.stringify(seedReading)), {
      deviceId: 'bed-7',
      // No zone in the text: the host's local time, as pandas reads a naive timestamp here.
      timestamp: new Date(2023, 8, 5, 10, 0, 0).toISOString(),
      heartRate: 72,
      temperature: 36.6,
      systolic: 120,
      diastolic: 80,
    });
  });

  it('rejects it without a device id when the setting is empty, and the reason names the setting', () => {
    const r = refusal(JSON.stringify(seedReading), settings());
    assert.equal(r.reason, 'no-device-id');
    assert.match(r.message, /Device id if none/);
  });

  it('reads the setting only for a message that names no device', () => {
    let asked = 0;
    const s = settings({
      fallbackDeviceId: () => {
        asked++;
        return 'bed-7';
      },
    });
    assert.equal(reading({ ...seedReading, deviceId: 'cuff-2' }, s).deviceId, 'cuff-2');
    assert.equal(reading(seedReading, s, 'health/p-9/vitals').deviceId, 'p-9');
    assert.equal(asked, 0);
    assert.equal(reading(seedReading, s).deviceId, 'bed-7');
    assert.equal(asked, 1);
  });

  it('rejects a setting that gives no id (an object) with bad-id, and one that gives nothing with no-device-id', () => {
    assert.equal(refusal(seedReading, settings({ fallbackDeviceId: () => ({ id: 1 }) })).reason, 'bad-id');
    assert.equal(refusal(seedReading, settings({ fallbackDeviceId: () => '  ' })).reason, 'no-device-id');
    assert.equal(refusal(seedReading, settings({ fallbackDeviceId: () => undefined })).reason, 'no-device-id');
  });

  it('uses the setting for Bluetooth bytes too', () => {
    // 0x2A37 heart rate 72, uint8 format.
    const r = parseMessage({ payload: '00 48', topic: 'ble_data', characteristic: '2a37' }, withId);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual([r.reading.deviceId, r.reading.heartRate], ['bed-7', 72]);
  });

  describe('the time, from the names devices use for it', () => {
    const at = (payload: Record<string, unknown>) => reading({ hr: 60, ...payload }).timestamp;

    it('reads date, datetime, time, timestamp and ts', () => {
      const local10 = new Date(2023, 8, 5, 10, 0, 0).toISOString();
      for (const key of ['date', 'datetime', 'dateTime', 'date_time', 'time', 'timestamp', 'ts'])
        assert.equal(at({ [key]: '2023-09-05 10:00:00' }), local10, key);
    });

    it('reads ISO with a zone exactly, a date alone as midnight UTC, and epoch seconds and milliseconds', () => {
      assert.equal(at({ date: '2023-09-05T10:00:00+09:00' }), '2023-09-05T01:00:00.000Z');
      assert.equal(at({ date: '2023-09-05T10:00:00Z' }), '2023-09-05T10:00:00.000Z');
      assert.equal(at({ date: '2023-09-05' }), '2023-09-05T00:00:00.000Z');
      assert.equal(at({ date: 1693908000 }), '2023-09-05T10:00:00.000Z');
      assert.equal(at({ date: 1693908000123 }), '2023-09-05T10:00:00.123Z');
      assert.equal(at({ date: '1693908000' }), '2023-09-05T10:00:00.000Z');
    });

    it('keeps the receive time only when the message has no time at all', () => {
      assert.equal(at({}), RECEIVED.toISOString());
    });

    it('rejects a time it cannot read, naming the key, instead of putting the receive time in its place', () => {
      for (const bad of ['yesterday', '2023-02-30', '2023-09-05 25:00:00', '05/09/2023']) {
        const r = refusal({ ...seedReading, date: bad });
        assert.equal(r.reason, 'bad-timestamp', bad);
        assert.equal(r.field, 'timestamp');
        assert.ok(r.message.startsWith(`date "${bad}" is `), r.message);
      }
    });

    it('takes the first of ts, timestamp, time, datetime, date and lists the other in ignored', () => {
      const r = reading({ hr: 60, date: '2023-09-05', time: '2023-09-05T10:00:00Z' });
      assert.equal(r.timestamp, '2023-09-05T10:00:00.000Z');
      assert.deepEqual(r.ignored, ['date']);
    });
  });

  describe('keys it did not use', () => {
    it('lists unknown keys in ignored, in the order they came, from JSON and from a text line', () => {
      assert.deepEqual(reading({ ...seedReading, steps: 4000, battery: '80%' }).ignored, ['steps', 'battery']);
      assert.deepEqual(reading('hr=72; battery=80; mood=ok').ignored, ['battery', 'mood']);
    });

    it('lists a second device id or patient key that lost to a better one', () => {
      const r = reading({ hr: 60, device: 'a', deviceId: 'b', patient: 'p1', patientId: 'p2' });
      assert.equal(r.deviceId, 'b');
      assert.equal(r.patientId, 'p1');
      assert.deepEqual(r.ignored, ['device', 'patientId']);
    });

    it('uses a unit key with a text value, and lists one without', () => {
      assert.equal(reading({ temp: 98.6, tempUnit: 'F' }).ignored, undefined);
      assert.deepEqual(reading({ temp: 37, tempUnit: 1 }).ignored, ['tempUnit']);
    });

    it('has no ignored when every key was used', () => {
      assert.equal('ignored' in reading(seedReading), false);
    });

    it(`lists at most ${MAX_IGNORED_KEYS} keys, each cut to 40 characters, and counts the rest`, () => {
      const payload: Record<string, unknown> = { hr: 60 };
      for (let i = 0; i < 1000; i++) payload[`junk${i}`] = i;
      payload['x'.repeat(100)] = 1;
      const r = reading(payload);
      assert.equal(r.ignored?.length, MAX_IGNORED_KEYS);
      assert.equal(r.ignored?.[0], 'junk0');
      assert.equal(r.ignoredMore, 1001 - MAX_IGNORED_KEYS);
      const long = reading({ hr: 60, ['y'.repeat(100)]: 1 }).ignored?.[0] ?? '';
      assert.ok(long.length <= 40 && long.startsWith('yyy'), long);
    });
  });
});
