// Checks on what reaches the news2 node: the reading's NEWS2 vitals and the SpO2
// scale. Returns error codes (with the field) rather than text, so the adapter can
// word them through the locale files.

import type { Consciousness } from '../lib/reading';
import type { News2Inputs, Spo2Scale } from './score';

export type InputError =
  | { code: 'notReading' }
  | { code: 'notNumber'; field: string; value: unknown }
  | { code: 'notBoolean'; field: string; value: unknown }
  | { code: 'badConsciousness'; field: string; value: unknown }
  | { code: 'badScale'; field: string; value: unknown };

export type Checked<T> = { ok: true; value: T } | { ok: false; error: InputError };

const NUMERIC = ['respiratoryRate', 'spo2', 'systolic', 'heartRate', 'temperature'] as const;
const ACVPU: readonly Consciousness[] = ['A', 'C', 'V', 'P', 'U'];

export function isReadingObject(payload: unknown): payload is Record<string, unknown> {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) && !Buffer.isBuffer(payload);
}

/**
 * Pull the NEWS2 vitals out of a reading. Absent (undefined or null) means missing;
 * present but of the wrong kind is an error, because scoring a garbled value, or
 * quietly treating it as missing, would both mislead.
 */
export function readInputs(payload: Record<string, unknown>): Checked<News2Inputs> {
  const all = emptyInputs();
  const error = readInputsInto(payload, all);
  if (error !== undefined) return { ok: false, error };
  // Only the vitals present, in the order they are read.
  const inputs: News2Inputs = {};
  if (all.respiratoryRate !== undefined) inputs.respiratoryRate = all.respiratoryRate;
  if (all.spo2 !== undefined) inputs.spo2 = all.spo2;
  if (all.systolic !== undefined) inputs.systolic = all.systolic;
  if (all.heartRate !== undefined) inputs.heartRate = all.heartRate;
  if (all.temperature !== undefined) inputs.temperature = all.temperature;
  if (all.onOxygen !== undefined) inputs.onOxygen = all.onOxygen;
  if (all.consciousness !== undefined) inputs.consciousness = all.consciousness;
  return { ok: true, value: inputs };
}

/**
 * Inputs with all seven keys, each undefined: the object readInputsInto fills. Every such
 * object has one hidden class whatever the message holds, so the node can reuse one.
 */
export function emptyInputs(): News2Inputs {
  return {
    respiratoryRate: undefined,
    spo2: undefined,
    onOxygen: undefined,
    systolic: undefined,
    heartRate: undefined,
    consciousness: undefined,
    temperature: undefined,
  };
}

/**
 * readInputs for the node: writes every one of the seven vitals into `into` (undefined when
 * absent) and returns the first problem, or undefined. No result object and no inputs object
 * per message: the node reads each message into the same `into` (nothing keeps it; the memory
 * and the scorer copy values out of it), and every allocation per message costs twice here,
 * once to make and again in each garbage collection the message lives through in Node-RED's
 * queues. When a problem is returned, `into` is part-filled and must not be scored.
 */
export function readInputsInto(payload: Record<string, unknown>, into: News2Inputs): InputError | undefined {
  // Field by field in NUMERIC order rather than a loop over the names: one access site per
  // name stays fast in V8, one site for five names does not, and this runs per message.
  let v = payload.respiratoryRate;
  if (v === undefined || v === null) into.respiratoryRate = undefined;
  else if (typeof v !== 'number' || !Number.isFinite(v)) return notNumber('respiratoryRate', v);
  else into.respiratoryRate = v;
  v = payload.spo2;
  if (v === undefined || v === null) into.spo2 = undefined;
  else if (typeof v !== 'number' || !Number.isFinite(v)) return notNumber('spo2', v);
  else into.spo2 = v;
  v = payload.systolic;
  if (v === undefined || v === null) into.systolic = undefined;
  else if (typeof v !== 'number' || !Number.isFinite(v)) return notNumber('systolic', v);
  else into.systolic = v;
  v = payload.heartRate;
  if (v === undefined || v === null) into.heartRate = undefined;
  else if (typeof v !== 'number' || !Number.isFinite(v)) return notNumber('heartRate', v);
  else into.heartRate = v;
  v = payload.temperature;
  if (v === undefined || v === null) into.temperature = undefined;
  else if (typeof v !== 'number' || !Number.isFinite(v)) return notNumber('temperature', v);
  else into.temperature = v;
  const o2 = payload.onOxygen;
  if (o2 === undefined || o2 === null) into.onOxygen = undefined;
  else if (typeof o2 !== 'boolean') return { code: 'notBoolean', field: 'onOxygen', value: o2 };
  else into.onOxygen = o2;
  const c = payload.consciousness;
  if (c === undefined || c === null) into.consciousness = undefined;
  else {
    // A level exactly as vitals-parse writes it needs no trimming or case folding.
    const level = c === 'A' || c === 'C' || c === 'V' || c === 'P' || c === 'U' ? c : typeof c === 'string' ? c.trim().toUpperCase() : '';
    if (!(ACVPU as readonly string[]).includes(level)) return { code: 'badConsciousness', field: 'consciousness', value: c };
    into.consciousness = level as Consciousness;
  }
  return undefined;
}

function notNumber(field: (typeof NUMERIC)[number], value: unknown): InputError {
  return { code: 'notNumber', field, value };
}

/**
 * The SpO2 scale: msg.payload.spo2Scale when present (1 or 2, as a number or the
 * strings "1"/"2"), else the node's setting. Never inferred from the readings.
 */
// The three good answers are the same every time: shared, frozen, not made per message.
const SCALE_1: Checked<Spo2Scale> = Object.freeze({ ok: true, value: 1 });
const SCALE_2: Checked<Spo2Scale> = Object.freeze({ ok: true, value: 2 });

export function resolveScale(perMessage: unknown, nodeScale: Spo2Scale): Checked<Spo2Scale> {
  if (perMessage === undefined || perMessage === null) return nodeScale === 2 ? SCALE_2 : SCALE_1;
  if (perMessage === 1 || perMessage === '1') return SCALE_1;
  if (perMessage === 2 || perMessage === '2') return SCALE_2;
  return { ok: false, error: { code: 'badScale', field: 'spo2Scale', value: perMessage } };
}

/** True when at least one NEWS2 vital is present (checked field by field: no array per message). */
export function hasAnyVital(inputs: News2Inputs): boolean {
  return (
    inputs.respiratoryRate !== undefined ||
    inputs.spo2 !== undefined ||
    inputs.onOxygen !== undefined ||
    inputs.systolic !== undefined ||
    inputs.heartRate !== undefined ||
    inputs.consciousness !== undefined ||
    inputs.temperature !== undefined
  );
}
