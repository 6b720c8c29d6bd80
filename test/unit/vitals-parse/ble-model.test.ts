// A model of each characteristic for the BLE tests: for a flags byte it lays out the packet
// field by field (with the independent encoder) and states the reading a user should get.
// The self-checks below pin the model's layouts to health.md §4's length rules.

import assert from 'node:assert/strict';
import { dateTime, float, le16, le24, sfloat } from './ble-encoder.test';

export interface Segment {
  field: string;
  bytes: number[];
}
export interface Case {
  characteristic: string | number;
  flags: number;
  segments: Segment[];
  expected: Record<string, unknown>;
  /** Length from which a prefix is still a whole packet (2A37 with several RR values). */
  minValidLength?: number;
}

export const packetOf = (c: Case): number[] => c.segments.flatMap((s) => s.bytes);

const KPA = 1000 / 133.322387415; // mmHg per kPa from 1 mmHg = 133.322387415 Pa (health.md §2)

export function heartRateCase(flags: number): Case {
  const segments: Segment[] = [{ field: 'flags', bytes: [flags] }];
  const wide = (flags & 0x01) !== 0;
  const hr = wide ? 300 : 72;
  segments.push({ field: 'heartRate', bytes: wide ? le16(hr) : [hr] });
  const expected: Record<string, unknown> = {
    heartRate: hr,
    precision: { heartRate: 0 },
    sensorContact: flags & 0x04 ? (flags & 0x02 ? 'detected' : 'not-detected') : 'not-supported',
  };
  if (flags & 0x08) {
    segments.push({ field: 'energyExpended', bytes: le16(300) });
    expected.energyExpended = 300;
  }
  let minValidLength: number | undefined;
  if (flags & 0x10) {
    segments.push({ field: 'rrIntervals', bytes: le16(1024) });
    minValidLength = segments.flatMap((s) => s.bytes).length;
    segments.push({ field: 'rrIntervals', bytes: le16(512) });
    expected.rrIntervals = [1000, 500];
  }
  return { characteristic: '2a37', flags, segments, expected, minValidLength };
}

export function temperatureCase(flags: number): Case {
  const segments: Segment[] = [{ field: 'flags', bytes: [flags] }];
  const expected: Record<string, unknown> = {};
  if (flags & 0x01) {
    segments.push({ field: 'temperature', bytes: float(101.3, -1) });
    expected.temperature = 38.5;
    expected.precision = { temperature: 1 };
  } else {
    segments.push({ field: 'temperature', bytes: float(36.75, -2) });
    expected.temperature = 36.75;
    expected.precision = { temperature: 2 };
  }
  if (flags & 0x02) {
    segments.push({ field: 'timestamp', bytes: dateTime(2024, 3, 15, 8, 30, 0) });
    expected.timestamp = '2024-03-15T08:30:00.000Z';
  }
  if (flags & 0x04) {
    segments.push({ field: 'temperatureSite', bytes: [3] });
    expected.temperatureSite = 'ear';
  }
  return { characteristic: '0x2A1C', flags, segments, expected };
}

export function bloodPressureCase(flags: number): Case {
  const segments: Segment[] = [{ field: 'flags', bytes: [flags] }];
  const kpa = (flags & 0x01) !== 0;
  const expected: Record<string, unknown> = {};
  const precision: Record<string, number> = {};
  if (kpa) {
    segments.push(
      { field: 'systolic', bytes: sfloat(16.0, -1) },
      { field: 'diastolic', bytes: sfloat(10.7, -1) },
      { field: 'meanArterial', bytes: sfloat(12.5, -1) },
    );
    Object.assign(expected, { systolic: 16.0 * KPA, diastolic: 10.7 * KPA, meanArterial: 12.5 * KPA });
    Object.assign(precision, { systolic: 1, diastolic: 1, meanArterial: 1 });
  } else {
    segments.push(
      { field: 'systolic', bytes: sfloat(132) },
      { field: 'diastolic', bytes: sfloat(85) },
      { field: 'meanArterial', bytes: sfloat(100.7, -1) },
    );
    Object.assign(expected, { systolic: 132, diastolic: 85, meanArterial: 100.7 });
    Object.assign(precision, { systolic: 0, diastolic: 0, meanArterial: 1 });
  }
  if (flags & 0x02) {
    segments.push({ field: 'timestamp', bytes: dateTime(2024, 6, 1, 6, 15, 30) });
    expected.timestamp = '2024-06-01T06:15:30.000Z';
  }
  if (flags & 0x04) {
    segments.push({ field: 'heartRate', bytes: sfloat(72) });
    expected.heartRate = 72;
    precision.heartRate = 0;
  }
  if (flags & 0x08) {
    segments.push({ field: 'userId', bytes: [3] });
    expected.userId = 3;
  }
  if (flags & 0x10) {
    // bits 0, 1, 2, range = 1 (bits 3-4), bit 5, and reserved bit 9 which must be ignored
    segments.push({ field: 'status', bytes: le16(0b10_0010_1111) });
    expected.status = [
      'body-movement',
      'cuff-too-loose',
      'irregular-pulse',
      'pulse-rate-exceeds-upper-limit',
      'improper-position',
    ];
  }
  expected.precision = precision;
  return { characteristic: '2A35', flags, segments, expected };
}

const PLX_MEASUREMENT = (1 << 5) | (1 << 14) | (1 << 2); // bit 2 is reserved
const PLX_DEVICE = (1 << 1) | (1 << 15) | (1 << 20); // bit 20 is reserved

function plxTail(
  segments: Segment[],
  expected: Record<string, unknown>,
  precision: Record<string, number>,
  m: boolean,
  d: boolean,
  pai: boolean,
): void {
  const status: string[] = [];
  if (m) {
    segments.push({ field: 'measurementStatus', bytes: le16(PLX_MEASUREMENT) });
    status.push('measurement-ongoing', 'questionable');
  }
  if (d) {
    segments.push({ field: 'deviceSensorStatus', bytes: le24(PLX_DEVICE) });
    status.push('equipment-malfunction', 'sensor-disconnected');
  }
  if (status.length) expected.status = status;
  if (pai) {
    segments.push({ field: 'pulseAmplitudeIndex', bytes: sfloat(2.35, -2) });
    expected.pulseAmplitudeIndex = 2.35;
    precision.pulseAmplitudeIndex = 2;
  }
}

export function plxSpotCheckCase(flags: number): Case {
  const segments: Segment[] = [
    { field: 'flags', bytes: [flags] },
    { field: 'spo2', bytes: sfloat(97) },
    { field: 'heartRate', bytes: sfloat(64) },
  ];
  const expected: Record<string, unknown> = { spo2: 97, heartRate: 64 };
  const precision: Record<string, number> = { spo2: 0, heartRate: 0 };
  if (flags & 0x01) {
    segments.push({ field: 'timestamp', bytes: dateTime(2023, 12, 31, 23, 59, 59) });
    if (flags & 0x10) expected.absent = [{ field: 'timestamp', reason: 'device-clock-not-set' }];
    else expected.timestamp = '2023-12-31T23:59:59.000Z';
  }
  plxTail(segments, expected, precision, (flags & 0x02) !== 0, (flags & 0x04) !== 0, (flags & 0x08) !== 0);
  expected.precision = precision;
  return { characteristic: '0x2a5e', flags, segments, expected };
}

export function plxContinuousCase(flags: number): Case {
  const segments: Segment[] = [
    { field: 'flags', bytes: [flags] },
    { field: 'spo2', bytes: sfloat(98) },
    { field: 'heartRate', bytes: sfloat(70) },
  ];
  const expected: Record<string, unknown> = { spo2: 98, heartRate: 70 };
  const precision: Record<string, number> = { spo2: 0, heartRate: 0 };
  if (flags & 0x01) {
    segments.push({ field: 'spo2Fast', bytes: sfloat(97) }, { field: 'heartRateFast', bytes: sfloat(72.5, -1) });
    Object.assign(expected, { spo2Fast: 97, heartRateFast: 72.5 });
    Object.assign(precision, { spo2Fast: 0, heartRateFast: 1 });
  }
  if (flags & 0x02) {
    segments.push({ field: 'spo2Slow', bytes: sfloat(96) }, { field: 'heartRateSlow', bytes: sfloat(68) });
    Object.assign(expected, { spo2Slow: 96, heartRateSlow: 68 });
    Object.assign(precision, { spo2Slow: 0, heartRateSlow: 0 });
  }
  plxTail(segments, expected, precision, (flags & 0x04) !== 0, (flags & 0x08) !== 0, (flags & 0x10) !== 0);
  expected.precision = precision;
  return { characteristic: 0x2a5f, flags, segments, expected };
}

export function weightCase(flags: number): Case {
  const imperial = (flags & 0x01) !== 0;
  const segments: Segment[] = [{ field: 'flags', bytes: [flags] }];
  const expected: Record<string, unknown> = {};
  const precision: Record<string, number> = {};
  if (imperial) {
    segments.push({ field: 'weight', bytes: le16(15432) }); // 154.32 lb
    expected.weight = 154.32 * 0.45359237;
    precision.weight = 2;
  } else {
    segments.push({ field: 'weight', bytes: le16(14001) }); // 70.005 kg
    expected.weight = 70.005;
    precision.weight = 3;
  }
  if (flags & 0x02) {
    segments.push({ field: 'timestamp', bytes: dateTime(2024, 2, 29, 7, 0, 5) });
    expected.timestamp = '2024-02-29T07:00:05.000Z';
  }
  if (flags & 0x04) {
    segments.push({ field: 'userId', bytes: [4] });
    expected.userId = 4;
  }
  if (flags & 0x08) {
    segments.push({ field: 'bmi', bytes: le16(229) }, { field: 'height', bytes: le16(imperial ? 689 : 1750) });
    expected.bmi = 22.9;
    expected.height = imperial ? 68.9 * 0.0254 : 1.75;
    Object.assign(precision, { bmi: 1, height: 3 });
  }
  expected.precision = precision;
  return { characteristic: '00002A9D-0000-1000-8000-00805F9B34FB', flags, segments, expected };
}

/** Every flag combination of the defined bits, plus each with all reserved bits set. */
export function allCases(): Case[] {
  const out: Case[] = [];
  const each = (bits: number, reserved: number, make: (f: number) => Case): void => {
    for (let f = 0; f < 1 << bits; f++) out.push(make(f), make(f | reserved));
  };
  each(5, 0xe0, heartRateCase);
  each(3, 0xf8, temperatureCase);
  each(5, 0xe0, bloodPressureCase);
  each(5, 0xe0, plxSpotCheckCase);
  each(5, 0xe0, plxContinuousCase);
  each(4, 0xf0, weightCase);
  return out;
}

describe('BLE packet model', function () {
  it('lays out packets within the lengths health.md §4 gives', function () {
    const lengths = (make: (f: number) => Case, bits: number): number[] =>
      Array.from({ length: 1 << bits }, (_, f) => packetOf(make(f)).length);
    const bp = lengths(bloodPressureCase, 5);
    assert.equal(Math.min(...bp), 7);
    assert.equal(Math.max(...bp), 19);
    assert.equal(Math.min(...lengths(temperatureCase, 3)), 5);
    assert.equal(Math.max(...lengths(temperatureCase, 3)), 13);
    assert.equal(Math.max(...lengths(plxSpotCheckCase, 5)), 1 + 4 + 7 + 2 + 3 + 2);
    assert.equal(Math.max(...lengths(plxContinuousCase, 5)), 1 + 12 + 2 + 3 + 2);
    assert.equal(Math.max(...lengths(weightCase, 4)), 1 + 2 + 7 + 1 + 4);
  });

  it('has every combination', function () {
    assert.equal(allCases().length, 2 * (32 + 8 + 32 + 32 + 32 + 16));
  });
});
