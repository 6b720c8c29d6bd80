// What the BLE decoder returns. Field names and units are those of nodes/lib/reading.ts,
// so a decoded packet merges straight into a Reading; the extras are BLE-only details.

import type { AbsentValue, BleExtras, Reading } from '../../lib/reading';
import type { CharacteristicInfo } from './characteristic-id';
import type { SpecialReason } from './ieee11073';

export const TEMPERATURE_SITES = [
  'armpit',
  'body',
  'ear',
  'finger',
  'gastrointestinal',
  'mouth',
  'rectum',
  'toe',
  'tympanum',
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
export interface AbsentField extends AbsentValue {
  reason: AbsentReason;
}

/** The vitals a packet can carry, the BLE extras, and the packet's own time, if it has one (ISO 8601 UTC). */
export type BleReading = Partial<
  Pick<Reading, 'heartRate' | 'temperature' | 'systolic' | 'diastolic' | 'meanArterial' | 'spo2' | 'weight'>
> &
  Omit<BleExtras, 'absent' | 'temperatureSite'> & {
    temperatureSite?: TemperatureSite;
    timestamp?: string;
    absent?: AbsentField[];
  };

export type BleRejectReason =
  'empty-input' | 'bad-encoding' | 'unknown-characteristic' | 'too-short' | 'bad-option' | 'internal-error';

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
