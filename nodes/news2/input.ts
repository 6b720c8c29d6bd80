// Checks on what reaches the news2 node: the reading's NEWS2 vitals and the SpO2 scale. Errors
// are codes with the field, worded by the node through its locale files.

import type { Consciousness } from '../lib/reading';
import type { News2Inputs, Spo2Scale } from './score';

export type InputError =
  | { code: 'notReading' }
  | { code: 'notNumber'; field: string; value: unknown }
  | { code: 'notBoolean'; field: string; value: unknown }
  | { code: 'badConsciousness'; field: string; value: unknown }
  | { code: 'badScale'; field: string; value: unknown };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: InputError };

/** In the order their errors are reported. */
const NUMERIC = ['respiratoryRate', 'spo2', 'systolic', 'heartRate', 'temperature'] as const;
const ACVPU: readonly string[] = ['A', 'C', 'V', 'P', 'U'];
const VITALS = [...NUMERIC, 'onOxygen', 'consciousness'] as const;

const absent = (v: unknown): boolean => v === undefined || v === null;

/**
 * The NEWS2 vitals present in a reading (undefined or null: missing). One of the wrong kind is
 * an error: scoring a garbled value, or quietly treating it as missing, would both mislead.
 */
export function readInputs(payload: Record<string, unknown>): Checked<News2Inputs> {
  const inputs: News2Inputs = {};
  for (const field of NUMERIC) {
    const v = payload[field];
    if (absent(v)) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return { ok: false, error: { code: 'notNumber', field, value: v } };
    inputs[field] = v;
  }
  const o2 = payload.onOxygen;
  if (!absent(o2)) {
    if (typeof o2 !== 'boolean') return { ok: false, error: { code: 'notBoolean', field: 'onOxygen', value: o2 } };
    inputs.onOxygen = o2;
  }
  const c = payload.consciousness;
  if (!absent(c)) {
    // A person may type " v "; vitals-parse always writes one capital letter.
    const level = typeof c === 'string' ? c.trim().toUpperCase() : '';
    if (!ACVPU.includes(level))
      return { ok: false, error: { code: 'badConsciousness', field: 'consciousness', value: c } };
    inputs.consciousness = level as Consciousness;
  }
  return { ok: true, value: inputs };
}

/** The SpO2 scale: msg.payload.spo2Scale (1, 2, "1" or "2") when present, else the node's; never inferred. */
export function resolveScale(perMessage: unknown, nodeScale: Spo2Scale): Checked<Spo2Scale> {
  if (absent(perMessage)) return { ok: true, value: nodeScale };
  if (perMessage === 1 || perMessage === '1') return { ok: true, value: 1 };
  if (perMessage === 2 || perMessage === '2') return { ok: true, value: 2 };
  return { ok: false, error: { code: 'badScale', field: 'spo2Scale', value: perMessage } };
}

/** True when at least one NEWS2 vital is present. */
export function hasAnyVital(inputs: News2Inputs): boolean {
  return VITALS.some((name) => inputs[name] !== undefined);
}
