// What the BLE decoder returns. Field names and units are those of nodes/lib/reading.ts,
// so a decoded packet merges straight into a Reading; the extras are BLE-only details.

import type { CharacteristicInfo } from './characteristic-id';
import type { SpecialReason } from './ieee11073';

export type SensorContact = 'detected' | 'not-detected' | 'not-supported';

export const TEMPERATURE_SITES = [
  'armpit', 'body', 'ear', 'finger', 'gastrointestinal', 'mouth', 'rectum', 'toe', 'tympanum',
] as const;
export type TemperatureSite = (typeof TEMPERATURE_SITES)[number];

export type AbsentReason =
  | SpecialReason // an IEEE-11073 special value instead of a number
  | 'measurement-unsuccessful' // Weight Measurement raw 0xFFFF
  | 'unknown-user' // User ID 255
  | 'unknown' // a Date Time with year, month or day 0
  | 'out-of-range' // a Date Time that is not a calendar date/time (month 13, 25:00 ...)
  | 'device-clock-not-set'; // PLX Spot-Check flag bit 4: its timestamp cannot be trusted

/** A field the flags announced but that carries no usable value, and why. */
export interface AbsentField {
  field: string;
  reason: AbsentReason;
}

export interface BleReading {
  // Canonical vitals (nodes/lib/reading.ts units).
  heartRate?: number; // /min; also the pulse rate of a cuff or an oximeter
  temperature?: number; // °C
  systolic?: number; // mmHg
  diastolic?: number; // mmHg
  meanArterial?: number; // mmHg
  spo2?: number; // %
  weight?: number; // kg
  // BLE extras.
  spo2Fast?: number;
  heartRateFast?: number;
  spo2Slow?: number;
  heartRateSlow?: number;
  rrIntervals?: number[]; // ms
  energyExpended?: number; // kJ, cumulative; 65535 means "65535 or more"
  sensorContact?: SensorContact;
  temperatureSite?: TemperatureSite;
  userId?: number; // 0–254
  pulseAmplitudeIndex?: number; // %
  bmi?: number; // kg/m²
  height?: number; // m
  status?: string[];
  /** ISO 8601 UTC, from the packet's own Date Time. */
  timestamp?: string;
  absent?: AbsentField[];
  /** Decimals the device's value carries (SFLOAT 0xE0C8 → 2), per field; for FHIR rounding. */
  precision?: Record<string, number>;
}

export type BleRejectReason = 'empty-input' | 'bad-encoding' | 'unknown-characteristic' | 'too-short' | 'bad-option' | 'internal-error';

export interface BleDecodeError {
  ok: false;
  reason: BleRejectReason;
  message: string;
  /** The packet field (or 'characteristic', 'value', an option name) the decoding broke at. */
  field?: string;
  /** Byte offset of that field in the packet, for 'too-short'. */
  offset?: number;
  /** For 'too-short': the field as the specification names it, e.g. "Pulse Rate (SFLOAT)". */
  label?: string;
  /** For 'too-short': bytes missing for that field, and the packet's length. */
  missing?: number;
  length?: number;
  characteristic?: CharacteristicInfo;
}

export interface BleDecodeOk {
  ok: true;
  characteristic: CharacteristicInfo;
  reading: BleReading;
  /** Bytes after the last field the flags announce; ignored (see index.ts). */
  ignoredBytes: number;
}

export type BleDecodeResult = BleDecodeOk | BleDecodeError;
