// Real characteristic values for the simulated patients (health.md §4): heart rate with RR
// intervals, temperature in °C or °F with a time stamp, blood pressure in mmHg or kPa with
// pulse and status, PLX spot-check, weight. Pure: the same vitals and time give the same bytes.
import { celsiusToFahrenheit, mmHgToKpa } from '../nodes/lib/units';
import { dateTime, float, sfloat, u16, u24, u8 } from './ble-encode';
import type { Vitals } from './vitals-model';

export type BleCharacteristic = '2a37' | '2a1c' | '2a35' | '2a5e' | '2a9d';
export const SIM_CHARACTERISTICS: readonly BleCharacteristic[] = ['2a37', '2a1c', '2a35', '2a5e', '2a9d'];

export interface BlePacket {
  characteristic: BleCharacteristic;
  bytes: number[];
}

/**
 * Each patient wears five devices, each with its own id (as a gateway names devices by their
 * address): <patientId>-hrm, -thermo, -cuff, -oximeter, -scale. One id for all five would make
 * the cuff's and the oximeter's pulse at the same second the same FHIR Observation.
 */
export const DEVICE_SUFFIX: Readonly<Record<BleCharacteristic, string>> = {
  '2a37': 'hrm',
  '2a1c': 'thermo',
  '2a35': 'cuff',
  '2a5e': 'oximeter',
  '2a9d': 'scale',
};

/** How one simulated device set reports: which units, and the body it weighs. */
export interface BleDeviceProfile {
  fahrenheit: boolean;
  kpa: boolean;
  /** kg and m; constant over a run, as a scale would see. */
  weight: number;
  height: number;
  userId: number;
}

/** Device profiles vary with the patient's number, so a run shows every unit. */
export function profileFor(index: number): BleDeviceProfile {
  return {
    fahrenheit: index % 2 === 1,
    kpa: index % 3 === 2,
    weight: 55 + ((index * 7.3) % 40),
    height: 1.55 + ((index * 0.07) % 0.4),
    userId: index % 4,
  };
}

/** Two beat-to-beat intervals around 60/heartRate s, in the characteristic's 1/1024 s. */
export function rrIntervals(heartRate: number): number[] {
  const ms = 60000 / heartRate;
  return [ms * 0.98, ms * 1.02].map((v) => Math.round((v * 1024) / 1000));
}

export function heartRatePacket(heartRate: number): number[] {
  // Flags: uint8 value (bit 0 clear), contact supported and detected (bits 1–2), RR present (bit 4).
  const wide = heartRate > 255;
  const flags = (wide ? 0x01 : 0) | 0x02 | 0x04 | 0x10;
  return [flags, ...(wide ? u16(heartRate) : u8(heartRate)), ...rrIntervals(heartRate).flatMap(u16)];
}

export function temperaturePacket(celsius: number, time: Date, fahrenheit: boolean, site = 6): number[] {
  // Flags: unit (bit 0), time stamp (bit 1), type (bit 2; 6 = mouth).
  const flags = (fahrenheit ? 0x01 : 0) | 0x02 | 0x04;
  const value = fahrenheit ? celsiusToFahrenheit(celsius) : celsius;
  return [flags, ...float(value, 1), ...dateTime(time), site];
}

export function bloodPressurePacket(
  systolic: number,
  diastolic: number,
  pulse: number,
  time: Date,
  kpa: boolean,
  userId: number,
): number[] {
  // Flags: unit (bit 0), time stamp (bit 1), pulse (bit 2), user id (bit 3), status (bit 4).
  const flags = (kpa ? 0x01 : 0) | 0x02 | 0x04 | 0x08 | 0x10;
  const mean = diastolic + (systolic - diastolic) / 3;
  const p = (mmHg: number) => (kpa ? sfloat(mmHgToKpa(mmHg), 1) : sfloat(mmHg, 0));
  // A fast pulse on a cuff is often irregular; bit 2 says so. Bits 3–4: pulse above the cuff's range.
  const status = (pulse > 120 ? 0x0004 : 0) | (pulse > 150 ? 0x0008 : 0);
  return [
    flags,
    ...p(systolic),
    ...p(diastolic),
    ...p(mean),
    ...dateTime(time),
    ...sfloat(pulse),
    ...u8(userId),
    ...u16(status),
  ];
}

export function plxSpotCheckPacket(spo2: number, pulse: number, time: Date): number[] {
  // Flags: time stamp (bit 0), measurement status (bit 1), device and sensor status (bit 2), PAI (bit 3).
  const flags = 0x01 | 0x02 | 0x04 | 0x08;
  const measurementStatus = 1 << 7; // validated data
  const pai = 2 + (pulse % 7) / 2;
  return [
    flags,
    ...sfloat(spo2),
    ...sfloat(pulse),
    ...dateTime(time),
    ...u16(measurementStatus),
    ...u24(0),
    ...sfloat(pai, 1),
  ];
}

export function weightPacket(profile: BleDeviceProfile, time: Date): number[] {
  // Flags: SI (bit 0 clear), time stamp (bit 1), user id (bit 2), BMI and height (bit 3).
  const flags = 0x02 | 0x04 | 0x08;
  const raw = Math.round(profile.weight / 0.005);
  const bmi = Math.round((profile.weight / profile.height ** 2) * 10);
  return [
    flags,
    ...u16(raw),
    ...dateTime(time),
    ...u8(profile.userId),
    ...u16(bmi),
    ...u16(Math.round(profile.height * 1000)),
  ];
}

/** The packets one round sends for one patient: the same reading seen by five devices. */
export function packetsFor(v: Vitals, profile: BleDeviceProfile, time: Date): BlePacket[] {
  return [
    { characteristic: '2a37', bytes: heartRatePacket(v.heartRate) },
    { characteristic: '2a1c', bytes: temperaturePacket(v.temperature, time, profile.fahrenheit) },
    {
      characteristic: '2a35',
      bytes: bloodPressurePacket(v.systolic, v.diastolic, v.heartRate, time, profile.kpa, profile.userId),
    },
    { characteristic: '2a5e', bytes: plxSpotCheckPacket(v.spo2, v.heartRate, time) },
    { characteristic: '2a9d', bytes: weightPacket(profile, time) },
  ];
}
