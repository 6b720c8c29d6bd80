// Status words of the Blood Pressure and PLX characteristics, named in kebab-case words
// (the SIG's bit tables for both). Reserved bits are ignored, as the GATT specification asks.

/** Blood Pressure Measurement Status bits 0, 1, 2 and 5; bits 3–4 are the pulse-rate range. */
export function bloodPressureStatus(word: number): string[] {
  const out: string[] = [];
  if (word & 0x0001) out.push('body-movement');
  if (word & 0x0002) out.push('cuff-too-loose');
  if (word & 0x0004) out.push('irregular-pulse');
  const range = (word >> 3) & 0x3;
  if (range === 1) out.push('pulse-rate-exceeds-upper-limit');
  if (range === 2) out.push('pulse-rate-below-lower-limit');
  if (word & 0x0020) out.push('improper-position');
  return out;
}

/** PLX Measurement Status, bits 5–15 (0–4 reserved). Index = bit number. */
export const PLX_MEASUREMENT_STATUS: readonly (string | undefined)[] = [
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
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

/** PLX Device and Sensor Status, bits 0–15 (16–23 reserved). Index = bit number. */
export const PLX_DEVICE_SENSOR_STATUS: readonly string[] = [
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

export function namedBits(word: number, names: readonly (string | undefined)[]): string[] {
  const out: string[] = [];
  names.forEach((name, bit) => {
    if (name && word & (1 << bit)) out.push(name);
  });
  return out;
}

/**
 * The policy the PLX status bits suggest for oximeter readings: 'drop' when the device says the
 * measurement is unavailable or invalid, 'flag' when it is an early estimate or questionable.
 * The decoder only reports; the caller applies the policy.
 */
export function statusVerdict(status: readonly string[] | undefined): 'drop' | 'flag' | 'ok' {
  if (!status) return 'ok';
  if (status.includes('measurement-unavailable') || status.includes('invalid')) return 'drop';
  if (status.includes('early-estimated-data') || status.includes('questionable')) return 'flag';
  return 'ok';
}
