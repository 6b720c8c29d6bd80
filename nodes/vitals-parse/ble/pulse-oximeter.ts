// PLX Spot-Check 0x2A5E and PLX Continuous 0x2A5F (Pulse Oximeter service 0x1822). The two use
// different flag layouts; bit 0 of spot-check is the timestamp (per the SIG XML).

import type { Cursor } from './cursor';
import type { ReadingBuilder } from './reading-builder';
import { namedBits, PLX_DEVICE_SENSOR_STATUS, PLX_MEASUREMENT_STATUS } from './status-bits';

function statusTail(c: Cursor, r: ReadingBuilder, measurement: boolean, device: boolean, pai: boolean): void {
  if (measurement) r.status(namedBits(c.u16('measurementStatus', 'Measurement Status'), PLX_MEASUREMENT_STATUS));
  if (device) r.status(namedBits(c.u24('deviceSensorStatus', 'Device and Sensor Status'), PLX_DEVICE_SENSOR_STATUS));
  if (pai) r.measure('pulseAmplitudeIndex', c.sfloat('pulseAmplitudeIndex', 'Pulse Amplitude Index'));
}

export function decodePlxSpotCheck(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  r.measure('spo2', c.sfloat('spo2', 'SpO2'));
  r.measure('heartRate', c.sfloat('heartRate', 'Pulse Rate'));
  if (flags & 0x01) r.timestamp(c, (flags & 0x10) === 0);
  statusTail(c, r, (flags & 0x02) !== 0, (flags & 0x04) !== 0, (flags & 0x08) !== 0);
}

export function decodePlxContinuous(c: Cursor, r: ReadingBuilder): void {
  const flags = c.u8('flags', 'Flags');
  r.measure('spo2', c.sfloat('spo2', 'SpO2 (Normal)'));
  r.measure('heartRate', c.sfloat('heartRate', 'Pulse Rate (Normal)'));
  if (flags & 0x01) {
    r.measure('spo2Fast', c.sfloat('spo2Fast', 'SpO2 (Fast)'));
    r.measure('heartRateFast', c.sfloat('heartRateFast', 'Pulse Rate (Fast)'));
  }
  if (flags & 0x02) {
    r.measure('spo2Slow', c.sfloat('spo2Slow', 'SpO2 (Slow)'));
    r.measure('heartRateSlow', c.sfloat('heartRateSlow', 'Pulse Rate (Slow)'));
  }
  statusTail(c, r, (flags & 0x04) !== 0, (flags & 0x08) !== 0, (flags & 0x10) !== 0);
}
