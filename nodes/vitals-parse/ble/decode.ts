// The six characteristics' GATT formats (fields little-endian, optional ones present when their
// flag bit is set), read into a BleReading. Reserved flag and status bits are ignored, as the
// GATT specification asks.
import { fahrenheitToCelsius, kpaToMmHg, lbToKg } from '../../lib/units';
import { decodeFloat, decodeSfloat } from './ieee11073';
import type { BleReading } from './index';

/** Thrown by a read past the packet's end; decodeBle turns it into a 'too-short' refusal. */
export class ShortPacket extends Error {
  constructor(
    readonly field: string,
    readonly label: string,
    readonly offset: number,
    readonly missing: number,
  ) {
    super(`${label} at offset ${offset} needs ${missing} more`);
  }
}

// Sequential reads over a packet, each naming its field and the spec's label for it (so a short
// packet is refused at the field), and the reading they fill.
export class Packet {
  at = 0;
  readonly reading: BleReading = {};
  constructor(readonly bytes: Buffer) {}

  private take(size: number, field: string, label: string): number {
    const at = this.at;
    if (at + size > this.bytes.length) throw new ShortPacket(field, label, at, at + size - this.bytes.length);
    this.at += size;
    return at;
  }

  u8(field: string, label: string): number {
    return this.bytes[this.take(1, field, `${label} (uint8)`)];
  }

  u16(field: string, label: string): number {
    return this.bytes.readUInt16LE(this.take(2, field, `${label} (uint16)`));
  }

  u24(field: string, label: string): number {
    return this.bytes.readUIntLE(this.take(3, field, `${label} (24-bit)`), 3);
  }

  absent(field: string, reason: string): void {
    (this.reading.absent ??= []).push({ field, reason });
  }

  set(field: keyof BleReading, value: number, decimals?: number): void {
    (this.reading as Record<string, unknown>)[field] = value;
    if (decimals !== undefined) (this.reading.precision ??= {})[field] = decimals;
  }

  /**
   * An IEEE-11073 SFLOAT (or FLOAT, `size` 4). `convert` turns the device's unit into ours;
   * `decimals` maps the device's precision to the precision worth keeping after the conversion.
   */
  measure(field: keyof BleReading, label: string, size = 2, convert = (v: number) => v, decimals = (n: number) => n) {
    const at = this.take(size, field, `${label} (${size === 2 ? 'SFLOAT' : 'FLOAT'})`);
    const d = size === 2 ? decodeSfloat(this.bytes.readUInt16LE(at)) : decodeFloat(this.bytes.readUInt32LE(at));
    if (d.kind === 'special') this.absent(field, d.reason);
    else this.set(field, convert(d.value), decimals(d.decimals));
  }

  status(names: string[]): void {
    if (names.length > 0) (this.reading.status ??= []).push(...names);
  }

  /**
   * The 7-byte GATT Date Time; 0 in year, month or day means unknown. It carries no zone: read as
   * UTC, because a Node-RED host's own zone says nothing about where the device is.
   */
  timestamp(trusted = true): void {
    const b = this.bytes.subarray(this.take(7, 'timestamp', 'Time Stamp (Date Time, 7 bytes)'));
    const year = b.readUInt16LE(0);
    const [month, day, hours, minutes, seconds] = b.subarray(2, 7);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    const valid =
      year >= 1582 && year <= 9999 && month <= 12 && day <= days && hours < 24 && minutes < 60 && seconds < 60;
    if (!trusted) this.absent('timestamp', 'device-clock-not-set');
    else if (year === 0 || month === 0 || day === 0) this.absent('timestamp', 'unknown');
    else if (!valid) this.absent('timestamp', 'out-of-range');
    else this.reading.timestamp = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds)).toISOString();
  }

  userId(): void {
    const id = this.u8('userId', 'User ID');
    // 255 is the profile's "unknown user", not a user number.
    if (id === 0xff) this.absent('userId', 'unknown-user');
    else this.reading.userId = id;
  }
}

const TEMPERATURE_SITES = ['armpit', 'body', 'ear', 'finger', 'gastrointestinal', 'mouth', 'rectum', 'toe', 'tympanum'];

/** PLX Measurement Status from bit 5 (bits 0–4 reserved). */
const PLX_MEASUREMENT_STATUS = [
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
];

/** PLX Device and Sensor Status, bits 0–15 (16–23 reserved). */
const PLX_DEVICE_SENSOR_STATUS = [
  'extended-display-update-ongoing',
  'equipment-malfunction',
  'signal-processing-irregularity',
  'inadequate-signal',
  'poor-signal',
  'low-perfusion',
  'erratic-signal',
  'non-pulsatile-signal',
  'questionable-pulse',
  'signal-analysis-ongoing',
  'sensor-interference',
  'sensor-unconnected-to-user',
  'unknown-sensor',
  'sensor-displaced',
  'sensor-malfunctioning',
  'sensor-disconnected',
];

const namedBits = (word: number, names: string[], firstBit = 0): string[] =>
  names.filter((_, i) => word & (1 << (firstBit + i)));

/**
 * The policy the PLX status bits suggest: 'drop' when the device says the measurement is
 * unavailable or invalid, 'flag' when it is an early estimate or questionable.
 */
export function statusVerdict(status: readonly string[] | undefined): 'drop' | 'flag' | 'ok' {
  if (status?.includes('measurement-unavailable') || status?.includes('invalid')) return 'drop';
  if (status?.includes('early-estimated-data') || status?.includes('questionable')) return 'flag';
  return 'ok';
}

/** Heart Rate Measurement: the rate (uint8 or uint16), energy expended (kJ), RR intervals (1/1024 s). */
function heartRate(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  p.set('heartRate', flags & 0x01 ? p.u16('heartRate', 'Heart Rate') : p.u8('heartRate', 'Heart Rate'), 0);
  p.reading.sensorContact = !(flags & 0x04) ? 'not-supported' : flags & 0x02 ? 'detected' : 'not-detected';
  if (flags & 0x08) p.set('energyExpended', p.u16('energyExpended', 'Energy Expended'));
  if (flags & 0x10) {
    // At least one RR value when the flag is set, then as many as whole uint16 remain.
    const rr = [p.u16('rrIntervals', 'RR-Interval')];
    while (p.bytes.length - p.at >= 2) rr.push(p.u16('rrIntervals', 'RR-Interval'));
    p.reading.rrIntervals = rr.map((raw) => (raw * 1000) / 1024);
  }
}

/** Temperature Measurement: a FLOAT (°F with bit 0), then the Date Time and the site. */
function temperature(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  if (flags & 0x01) {
    // 0.1 °F is about 0.06 °C, so a °F reading is worth as many decimals in °C as it had (at least 1).
    p.measure('temperature', 'Temperature Measurement Value', 4, fahrenheitToCelsius, (n) => Math.max(1, n));
  } else {
    p.measure('temperature', 'Temperature Measurement Value', 4);
  }
  if (flags & 0x02) p.timestamp();
  if (flags & 0x04) {
    const site = TEMPERATURE_SITES[p.u8('temperatureSite', 'Temperature Type') - 1];
    if (site) p.reading.temperatureSite = site;
    else p.absent('temperatureSite', 'reserved');
  }
}

/** Blood Pressure Measurement: SFLOATs in mmHg (kPa with bit 0), then Date Time, pulse, user, status. */
function bloodPressure(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  const kpa = (flags & 0x01) !== 0;
  const toMmHg = kpa ? kpaToMmHg : (v: number) => v;
  // 0.1 kPa is 0.75 mmHg: one decimal of mmHg is all a kPa reading can honestly carry.
  const decimals = kpa ? () => 1 : (n: number) => n;
  p.measure('systolic', 'Systolic', 2, toMmHg, decimals);
  p.measure('diastolic', 'Diastolic', 2, toMmHg, decimals);
  p.measure('meanArterial', 'Mean Arterial Pressure', 2, toMmHg, decimals);
  if (flags & 0x02) p.timestamp();
  if (flags & 0x04) p.measure('heartRate', 'Pulse Rate');
  if (flags & 0x08) p.userId();
  if (flags & 0x10) {
    // Bits 0, 1, 2 and 5; bits 3–4 are the pulse-rate range (3 is reserved).
    const word = p.u16('status', 'Measurement Status');
    const range = (word >> 3) & 0x3;
    const status = namedBits(word, ['body-movement', 'cuff-too-loose', 'irregular-pulse']);
    if (range === 1) status.push('pulse-rate-exceeds-upper-limit');
    if (range === 2) status.push('pulse-rate-below-lower-limit');
    if (word & 0x20) status.push('improper-position');
    p.status(status);
  }
}

/** The status words and pulse amplitude index both PLX characteristics end with. */
function plxTail(p: Packet, measurement: number, device: number, pai: number): void {
  if (measurement) p.status(namedBits(p.u16('measurementStatus', 'Measurement Status'), PLX_MEASUREMENT_STATUS, 5));
  if (device) p.status(namedBits(p.u24('deviceSensorStatus', 'Device and Sensor Status'), PLX_DEVICE_SENSOR_STATUS));
  if (pai) p.measure('pulseAmplitudeIndex', 'Pulse Amplitude Index');
}

/** PLX Spot-Check: bit 0 is the timestamp (per the SIG XML), bit 4 "device clock not set". */
function plxSpotCheck(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  p.measure('spo2', 'SpO2');
  p.measure('heartRate', 'Pulse Rate');
  if (flags & 0x01) p.timestamp((flags & 0x10) === 0);
  plxTail(p, flags & 0x02, flags & 0x04, flags & 0x08);
}

function plxContinuous(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  p.measure('spo2', 'SpO2 (Normal)');
  p.measure('heartRate', 'Pulse Rate (Normal)');
  if (flags & 0x01) {
    p.measure('spo2Fast', 'SpO2 (Fast)');
    p.measure('heartRateFast', 'Pulse Rate (Fast)');
  }
  if (flags & 0x02) {
    p.measure('spo2Slow', 'SpO2 (Slow)');
    p.measure('heartRateSlow', 'Pulse Rate (Slow)');
  }
  plxTail(p, flags & 0x04, flags & 0x08, flags & 0x10);
}

/** Weight Measurement: uint16 weight (SI 0.005 kg, imperial 0.01 lb), then Date Time, user, BMI, height. */
function weight(p: Packet): void {
  const flags = p.u8('flags', 'Flags');
  const imperial = (flags & 0x01) !== 0;
  const raw = p.u16('weight', 'Weight');
  // 0xFFFF is "measurement unsuccessful" (one source says so); as a number it would be 327.675 kg.
  if (raw === 0xffff) p.absent('weight', 'measurement-unsuccessful');
  // Dividing integers keeps the decimal exact (14000 / 200 = 70), unlike raw * 0.005.
  else if (imperial) p.set('weight', lbToKg(raw / 100), 2);
  else p.set('weight', raw / 200, 3);
  if (flags & 0x02) p.timestamp();
  if (flags & 0x04) p.userId();
  if (flags & 0x08) {
    p.set('bmi', p.u16('bmi', 'BMI') / 10, 1);
    const h = p.u16('height', 'Height');
    // 0.1 in steps; an inch is 0.0254 m exactly.
    p.set('height', imperial ? (h / 10) * 0.0254 : h / 1000, 3);
  }
}

export const DECODERS: Record<number, (p: Packet) => void> = {
  0x2a37: heartRate,
  0x2a1c: temperature,
  0x2a35: bloodPressure,
  0x2a5e: plxSpotCheck,
  0x2a5f: plxContinuous,
  0x2a9d: weight,
};
