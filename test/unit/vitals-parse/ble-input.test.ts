// vitals-parse's Bluetooth LE path as pure code: which parser a message goes to, what a
// decoded packet becomes as a Reading (ids, time, limits, status verdict, absent), the FHIR
// output wrapper, and the help tables that must say the same as the code.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS } from '../../../nodes/lib/reading';
import { KNOWN_CHARACTERISTICS } from '../../../nodes/vitals-parse/ble';
import { BP_PANEL, SINGLE_VALUE_KINDS } from '../../../nodes/vitals-parse/fhir';
import { readingToFhir } from '../../../nodes/vitals-parse/fhir';
import {
  outputModeFor,
  parseMessage,
  type MessageInput,
  type MessageSettings,
} from '../../../nodes/vitals-parse/parse-message';
import { dateTime, float, le16, le24, sfloat } from './ble-encoder.test';

const NOW = new Date('2025-01-02T03:04:05.000Z');
const settings = (over: Partial<MessageSettings> = {}): MessageSettings => ({
  topicSegment: 1,
  limits: DEFAULT_LIMITS,
  characteristic: '',
  characteristicSegment: -1,
  encoding: 'auto',
  now: NOW,
  ...over,
});
const hex = (bytes: number[]) => Buffer.from(bytes).toString('hex');

function ok(input: MessageInput, over: Partial<MessageSettings> = {}) {
  const r = parseMessage(input, settings(over));
  if (!r.ok) assert.fail(`${JSON.stringify(input)}: ${r.message}`);
  return r;
}
function rejected(input: MessageInput, over: Partial<MessageSettings> = {}) {
  const r = parseMessage(input, settings(over));
  if (r.ok) assert.fail(`accepted ${JSON.stringify(input)}`);
  return r;
}

/** Which part read a message ("text", or "ble" and the characteristic), or why it was refused before either. */
function route(input: MessageInput, over: Partial<MessageSettings> = {}): string {
  const r = parseMessage(input, settings(over));
  if (r.source === 'ble') return `ble ${r.characteristic!.hex}`;
  return r.source ?? (r.ok ? 'neither' : `${r.field}: ${r.reason}`);
}

describe('vitals-parse input routing (the help decision table)', () => {
  it('reads a Buffer as BLE when the characteristic is known, from setting, message or topic in that order', () => {
    const bytes = Buffer.from([0, 72]);
    const all = { payload: bytes, topic: 'ble/d/2a1c', characteristic: '2a35' };
    assert.equal(route(all, { characteristic: '2a37' }), 'ble 0x2A37');
    assert.equal(route({ payload: bytes, topic: 'ble/d/2a1c', characteristic: '0x2A35' }), 'ble 0x2A35');
    assert.equal(route({ payload: bytes, topic: 'ble/d/2a1c' }), 'ble 0x2A1C');
    assert.equal(route({ payload: bytes, characteristic: '00002A9D-0000-1000-8000-00805F9B34FB' }), 'ble 0x2A9D');
  });

  it('refuses a Buffer with no characteristic, and an unknown msg.characteristic for any payload', () => {
    assert.equal(route({ payload: Buffer.from([1]), topic: 'health/p1/vitals' }), 'characteristic: no-characteristic');
    assert.equal(route({ payload: { type: 'Buffer', data: [1, 2] } }), 'characteristic: no-characteristic');
    for (const payload of ['17 48', 'hr=72', Buffer.from([1])]) {
      assert.equal(route({ payload, characteristic: '2a19' }), 'characteristic: unknown-characteristic');
    }
  });

  it('reads strings as text unless a characteristic is known; objects always as JSON', () => {
    assert.equal(route({ payload: 'hr=72', topic: 'health/p1/vitals' }), 'text');
    // A topic part that is not one of the six (a device called "abcd") is just a topic part.
    assert.equal(route({ payload: '{"hr":72}', topic: 'health/abcd' }), 'text');
    assert.equal(route({ payload: '17 48 00', topic: 'ble/d/2a37' }), 'ble 0x2A37');
    assert.equal(route({ payload: [0, 72], topic: 'ble/d/2a37' }), 'ble 0x2A37');
    assert.equal(route({ payload: { hr: 72 }, topic: 'ble/d/2a37' }), 'text');
    assert.equal(route({ payload: { hr: 72 } }, { characteristic: '2a37' }), 'text');
    // The characteristic part is configurable.
    assert.equal(route({ payload: '0048', topic: 'gw/2a37/dev' }, { characteristicSegment: 1 }), 'ble 0x2A37');
    assert.equal(route({ payload: '0048', topic: 'gw/2a37/dev' }), 'text');
  });
});

describe('vitals-parse BLE readings', () => {
  it('decodes the worked vectors of health.md §6 into readings', () => {
    const hr = ok({ payload: '17 48 00 4D 03 40 03', topic: 'ble/hrm-1/2a37' }).reading;
    assert.deepEqual(hr, {
      deviceId: 'hrm-1',
      timestamp: NOW.toISOString(),
      heartRate: 72,
      rrIntervals: [825.1953125, 812.5],
      sensorContact: 'detected',
      precision: { heartRate: 0 },
    });
    const hr2 = ok({ payload: '18 5A 2C 01 00 04', topic: 'ble/hrm-1/2a37' }).reading;
    assert.deepEqual(
      [hr2.heartRate, hr2.energyExpended, hr2.rrIntervals, hr2.sensorContact],
      [90, 300, [1000], 'not-supported'],
    );
    const temp = ok({ payload: '03 DA 03 00 FF E8 07 03 0F 08 1E 00', topic: 'ble/th/2a1c' }).reading;
    assert.equal(temp.temperature, 37);
    assert.equal(temp.timestamp, '2024-03-15T08:30:00.000Z', 'the packet time wins over the receive time');
    const bp = ok({ payload: '05 A0 F0 6B F0 7D F0 48 00', topic: 'ble/cuff/2a35' }).reading;
    assert.deepEqual([bp.systolic, bp.diastolic, bp.meanArterial, bp.heartRate], [120, 80.3, 93.8, 72]);
  });

  it('reads hex, base64 and Buffer of the same bytes alike, and honours a fixed encoding', () => {
    const bytes = [0x05, ...sfloat(16, -1), ...sfloat(10.7, -1), ...sfloat(12.5, -1), ...sfloat(72)];
    const asBuffer = ok({ payload: Buffer.from(bytes), topic: 'ble/c/2a35' }).reading;
    assert.deepEqual(ok({ payload: hex(bytes), topic: 'ble/c/2a35' }).reading, asBuffer);
    assert.deepEqual(ok({ payload: Buffer.from(bytes).toString('base64'), topic: 'ble/c/2a35' }).reading, asBuffer);
    assert.deepEqual(
      ok({ payload: Buffer.from(bytes).toString('base64'), topic: 'ble/c/2a35' }, { encoding: 'base64' }).reading,
      asBuffer,
    );
    // "0048" is valid hex and valid base64: auto reads hex (HR 72); a node set to base64 reads
    // bytes d3 4e 3c, whose flags announce RR intervals that are not there.
    assert.equal(ok({ payload: '0048', topic: 'ble/c/2a37' }).reading.heartRate, 72);
    assert.equal(
      rejected({ payload: '0048', topic: 'ble/c/2a37' }, { encoding: 'base64' }).params.label,
      'RR-Interval (uint16)',
    );
    const b64 = rejected({ payload: 'zz', topic: 'ble/c/2a37' }, { encoding: 'hex' });
    assert.equal(b64.reason, 'bad-encoding');
    assert.match(b64.message, /^The 0x2A37 payload could not be read as bytes: not a hex string/);
    // A Buffer is bytes even when the node expects hex text.
    assert.equal(ok({ payload: Buffer.from([0, 61]), topic: 'ble/c/2a37' }, { encoding: 'hex' }).reading.heartRate, 61);
  });

  it('refuses a truncated packet naming the field, offset and characteristic', () => {
    const r = rejected({ payload: '05 A0 F0 6B F0 7D F0', topic: 'ble/c/2a35' });
    assert.equal(r.reason, 'too-short');
    assert.equal(r.field, 'heartRate');
    assert.deepEqual(
      [r.params.offset, r.params.characteristic, r.params.length, r.params.missing],
      ['7', '0x2A35', '7', '2'],
    );
    assert.equal(
      r.message,
      'The 0x2A35 packet is too short: it has 7 bytes, but Pulse Rate (SFLOAT) at offset 7 needs 2 more.',
    );
  });

  it('takes the device id from msg.deviceId, else the topic part; the patient only from msg.patientId', () => {
    assert.equal(ok({ payload: '0048', topic: 'ble/dev-9/2a37', deviceId: 'ring-1' }).reading.deviceId, 'ring-1');
    const r = ok({ payload: '0048', topic: 'ble/dev-9/2a37', patientId: 'p-7' }).reading;
    assert.deepEqual([r.deviceId, r.patientId], ['dev-9', 'p-7']);
    assert.equal(ok({ payload: '0048', topic: 'a/b/c/2a37' }, { topicSegment: 2 }).reading.deviceId, 'c');
    assert.equal(rejected({ payload: '0048', characteristic: '2a37' }).reason, 'no-device-id');
    const bad = rejected({ payload: '0048', topic: 'ble/d/2a37', deviceId: { x: 1 } });
    assert.deepEqual([bad.field, bad.reason], ['deviceId', 'bad-id']);
    assert.equal(rejected({ payload: '0048', topic: 'ble/d/2a37', patientId: [1] }).field, 'patientId');
  });

  it('drops decoded vitals outside the limits, and refuses a packet with nothing left', () => {
    const spot = [0x00, ...sfloat(97), ...sfloat(400)];
    const r = ok({ payload: hex(spot), topic: 'ble/ox/2a5e' });
    assert.equal(r.reading.spo2, 97);
    assert.equal(r.reading.heartRate, undefined);
    assert.deepEqual(r.reading.dropped, [{ field: 'heartRate', value: 400, reason: 'out-of-range' }]);
    assert.equal(r.problems.length, 1);
    const none = rejected({ payload: hex([0x00, 0x0a]), topic: 'ble/h/2a37' });
    assert.deepEqual([none.field, none.reason], ['heartRate', 'out-of-range']);
    assert.equal(none.message, 'heartRate 10 /min is outside the plausibility limits 20 to 300 /min.');
    // Custom limits apply too, and the PLX fast value borrows spo2's limits.
    const cont = [0x01, ...sfloat(96), ...sfloat(70), ...sfloat(40), ...sfloat(71)];
    const c = ok(
      { payload: hex(cont), topic: 'ble/ox/2a5f' },
      { limits: { ...DEFAULT_LIMITS, heartRate: [20, 65] } },
    ).reading;
    assert.deepEqual([c.spo2, c.heartRate, c.spo2Fast, c.heartRateFast], [96, undefined, undefined, undefined]);
    assert.deepEqual(
      c.dropped!.map((d) => d.field),
      ['heartRate', 'spo2Fast', 'heartRateFast'],
    );
  });

  it('drops both pressures when the cuff says diastolic ≥ systolic', () => {
    const r = ok({
      payload: hex([0x04, ...sfloat(80), ...sfloat(90), ...sfloat(85), ...sfloat(70)]),
      topic: 'ble/c/2a35',
    }).reading;
    assert.deepEqual([r.systolic, r.diastolic, r.meanArterial, r.heartRate], [undefined, undefined, 85, 70]);
    assert.deepEqual(
      r.dropped!.map((d) => `${d.field} ${d.reason}`),
      ['systolic bp-order', 'diastolic bp-order'],
    );
  });

  it('lists special values in absent, never as numbers, and keeps a reading whose only vital is absent', () => {
    const r = ok({ payload: hex([0x00, ...sfloat('nan'), ...sfloat(72)]), topic: 'ble/ox/2a5e' }).reading;
    assert.equal('spo2' in r, false);
    assert.deepEqual(r.absent, [{ field: 'spo2', reason: 'not-a-number' }]);
    const t = ok({ payload: hex([0x00, ...float('+inf')]), topic: 'ble/t/2a1c' }).reading;
    assert.equal('temperature' in t, false);
    assert.deepEqual(t.absent, [{ field: 'temperature', reason: 'positive-infinity' }]);
    const w = ok({ payload: hex([0x04, ...le16(0xffff), 255]), topic: 'ble/s/2a9d' }).reading;
    assert.deepEqual(w.absent, [
      { field: 'weight', reason: 'measurement-unsuccessful' },
      { field: 'userId', reason: 'unknown-user' },
    ]);
    assert.equal(w.dropped, undefined, 'absent is not dropped');
    // An unknown packet time: the receive time, and the reason in absent.
    const bp = ok({
      payload: hex([0x02, ...sfloat(120), ...sfloat(80), ...sfloat('nan'), ...dateTime(0, 0, 0, 0, 0, 0)]),
      topic: 'ble/c/2a35',
    }).reading;
    assert.equal(bp.timestamp, NOW.toISOString());
    assert.deepEqual(bp.absent, [
      { field: 'meanArterial', reason: 'not-a-number' },
      { field: 'timestamp', reason: 'unknown' },
    ]);
  });

  it('refuses oximeter readings the device calls invalid or unavailable, flags questionable ones', () => {
    const spot = (status: number) => hex([0x02, ...sfloat(95), ...sfloat(70), ...le16(status)]);
    for (const [bit, word] of [
      [13, 'measurement-unavailable'],
      [15, 'invalid'],
    ] as const) {
      const r = rejected({ payload: spot(1 << bit), topic: 'ble/ox/2a5e' });
      assert.deepEqual([r.field, r.reason, r.params.value], ['status', 'device-status', word]);
      assert.equal(r.message, `The device marked this 0x2A5E measurement as unusable (${word}), so it was refused.`);
    }
    for (const bit of [6, 14]) {
      const r = ok({ payload: spot(1 << bit), topic: 'ble/ox/2a5e' }).reading;
      assert.equal(r.flagged, true, `bit ${bit}`);
      assert.equal(r.spo2, 95);
    }
    const plain = ok({ payload: spot(1 << 7), topic: 'ble/ox/2a5e' }).reading;
    assert.deepEqual([plain.flagged, plain.status], [undefined, ['validated-data']]);
    // Device and sensor status (24 bits) is reported as words too.
    const dev = ok({
      payload: hex([0x04, ...sfloat(95), ...sfloat(70), ...le24(1 << 5)]),
      topic: 'ble/ox/2a5e',
    }).reading;
    assert.deepEqual(dev.status, ['low-perfusion']);
  });

  it('copies the extras of weight and temperature packets, rounded to their precision', () => {
    const w = ok({
      payload: hex([0x0e, ...le16(14000), ...dateTime(2025, 2, 3, 4, 5, 6), 3, ...le16(229), ...le16(1750)]),
      topic: 'ble/s/2a9d',
    }).reading;
    assert.deepEqual(
      [w.weight, w.userId, w.bmi, w.height, w.timestamp],
      [70, 3, 22.9, 1.75, '2025-02-03T04:05:06.000Z'],
    );
    const t = ok({ payload: hex([0x04, ...float(36.95, -2), 6]), topic: 'ble/t/2a1c' }).reading;
    assert.deepEqual([t.temperature, t.temperatureSite], [36.95, 'mouth']);
  });

  it('leaves text and JSON payloads to the parser they always had', () => {
    const r = ok({
      payload: '{"hr":72,"patientId":"p1"}',
      topic: 'health/p1/vitals',
      patientId: 'other',
      deviceId: 'other',
    });
    assert.equal(r.source, 'text');
    assert.deepEqual([r.reading.deviceId, r.reading.patientId], ['p1', 'p1']);
  });
});

describe('vitals-parse FHIR output wrapper', () => {
  it('picks the mode from msg.format when it is fhir or reading, else from the setting', () => {
    assert.equal(outputModeFor('fhir', 'reading'), 'fhir');
    assert.equal(outputModeFor('reading', 'fhir'), 'reading');
    assert.equal(outputModeFor('csv', 'fhir'), 'fhir');
    assert.equal(outputModeFor(undefined, 'reading'), 'reading');
  });

  it('turns a mapping failure into a refusal naming the field', () => {
    const r = readingToFhir({ deviceId: 'd', timestamp: '+010000-01-01T00:00:00.000Z', heartRate: 70 });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.deepEqual([r.field, r.reason], ['timestamp', 'fhir-mapping']);
      assert.match(r.message, /^The reading could not be written as FHIR: reading\.timestamp/);
    }
    const good = readingToFhir({ deviceId: 'd', timestamp: NOW.toISOString(), heartRate: 70 });
    assert.equal(good.ok && good.bundle.entry.length, 1);
  });
});

const nodeDir = path.resolve(__dirname, '../../../nodes/vitals-parse');
const codeWords = (html: string, cls: string): string[][] => {
  const start = html.indexOf(`<table class="${cls}">`);
  assert.ok(start >= 0, `table ${cls} missing`);
  const table = html.slice(start, html.indexOf('</table>', start));
  return table
    .split('<tr>')
    .slice(2)
    .map((row) => [...row.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]));
};

for (const lang of ['en-US', 'ko']) {
  describe(`vitals-parse ${lang} help: Bluetooth and FHIR tables`, () => {
    const help = fs.readFileSync(path.join(nodeDir, `locales/${lang}/vitals-parse.html`), 'utf8');

    it('lists the six decoded characteristics, no more', () => {
      const uuids = codeWords(help, 'vitals-parse-help-ble').map((r) => r[0]);
      assert.deepEqual(
        uuids,
        KNOWN_CHARACTERISTICS.map((c) => c.hex),
      );
    });

    it('lists every absent reason the decoder can give', () => {
      const reasons = codeWords(help, 'vitals-parse-help-absent').map((r) => r[0]);
      const decoder = [
        'not-a-number',
        'nres',
        'positive-infinity',
        'negative-infinity',
        'reserved',
        'measurement-unsuccessful',
        'unknown-user',
        'unknown',
        'out-of-range',
        'device-clock-not-set',
      ];
      assert.deepEqual(reasons, decoder);
    });

    it('gives the LOINC codes and units of the FHIR mapping', () => {
      const rows = codeWords(help, 'vitals-parse-help-loinc');
      for (const kind of SINGLE_VALUE_KINDS) {
        const row = rows.find((r) => r[0] === kind.field);
        assert.ok(row, kind.field);
        assert.deepEqual(row.slice(1), [...kind.coding.map((c) => c.code), kind.unit.code], kind.field);
      }
      const bp = rows.find((r) => r[0] === 'systolic')!;
      assert.deepEqual(bp, [
        ...BP_PANEL.components.map((c) => c.field),
        BP_PANEL.coding[0].code,
        ...BP_PANEL.components.map((c) => c.coding[0].code),
        BP_PANEL.unit.code,
      ]);
      assert.equal(rows.length, SINGLE_VALUE_KINDS.length + 1);
    });
  });
}

describe('vitals-parse editor: Bluetooth settings', () => {
  const html = fs.readFileSync(path.join(nodeDir, 'vitals-parse.html'), 'utf8');
  it('offers exactly the six characteristics and "from the message"', () => {
    const options = [...html.matchAll(/<option value="(2a[0-9a-f]{2})">(0x[0-9A-F]{4}) ([^<]+)<\/option>/g)];
    assert.deepEqual(
      options.map((m) => [m[2], m[3]]),
      KNOWN_CHARACTERISTICS.map((c) => [c.hex, c.name]),
    );
    assert.match(html, /var CHARACTERISTICS = \['', '2a37', '2a1c', '2a35', '2a5e', '2a5f', '2a9d'\];/);
  });
  it('defaults to the last topic part, auto encoding and the flat reading', () => {
    assert.match(html, /characteristicSegment: \{ value: -1,/);
    assert.match(html, /encoding: \{ value: 'auto',/);
    assert.match(html, /output: \{ value: 'reading',/);
  });
});
