// Per-patient memory of the last NEWS2 vitals, so that values arriving in separate
// messages (heart rate from a watch, blood pressure from a cuff) make one score.
// Memory is bounded (least-recently-seen patients are dropped first) and values
// expire: a held value is used only while it is younger than the window, counted
// both from when the node received it and, when both readings carry a parsable
// timestamp, from the current reading's measurement time, so that an old
// measurement uploaded late from a device's memory is never passed off as current.

import { LruMap } from '../lib/lru-map';
import type { News2Inputs } from './score';

export const REMEMBERED = [
  'respiratoryRate',
  'spo2',
  'onOxygen',
  'systolic',
  'heartRate',
  'consciousness',
  'temperature',
] as const;
export type RememberedField = (typeof REMEMBERED)[number];

/** A value taken from an earlier message, as shown to the user in `news2.carried`. */
export interface CarriedValue {
  value: number | boolean | string;
  /** The timestamp of the reading the value came from (if it had one). */
  timestamp?: string;
  /** Seconds since the node received that reading. */
  ageSeconds: number;
}
export type Carried = Partial<Record<RememberedField, CarriedValue>>;

interface Held {
  value: number | boolean | string;
  timestamp?: string;
  /** Date.parse of the timestamp: NaN when there was none or it did not parse. */
  measuredMs: number;
  receivedMs: number;
}

interface PatientEntry {
  fields: Partial<Record<RememberedField, Held>>;
  lastSeenMs: number;
}

/** Whose id a key is. A patient id and a device id may be the same text and must never meet. */
export type KeySpace = 'patient' | 'device';

export interface CombineOptions {
  /** Seconds a value may be carried forward; 0 or less turns combining off. */
  windowSeconds: number;
  /** Most patients held at once; the least recently seen is dropped beyond this. */
  maxPatients: number;
  /** Milliseconds clock, injectable for tests. */
  now?: () => number;
}

export interface Combined {
  inputs: News2Inputs;
  carried: Carried;
}

export class VitalsMemory {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly patients: LruMap<PatientEntry>;

  constructor(options: CombineOptions) {
    this.windowMs = Math.max(0, options.windowSeconds) * 1000;
    this.patients = new LruMap(Math.max(1, Math.floor(options.maxPatients)));
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.windowMs > 0;
  }

  /** Number of patients currently held. */
  get size(): number {
    return this.patients.size;
  }

  /**
   * `inputs` with its gaps filled from this patient's earlier values still inside the window,
   * and what was carried; the values present now are remembered. `key` is patientId else
   * deviceId (say which in `space`); without a key, or with combining off, nothing is carried
   * or held. `inputs` itself is not changed.
   */
  combine(
    key: string | undefined,
    inputs: News2Inputs,
    timestamp: string | undefined,
    space: KeySpace = 'patient',
  ): Combined {
    const merged: News2Inputs = { ...inputs };
    const carried: Carried = {};
    if (!this.enabled || !key) return { inputs: merged, carried };
    const nowMs = this.now();
    // Patients not seen for longer than the window: none of their values could be used.
    this.patients.sweep((p) => nowMs - p.lastSeenMs > this.windowMs);
    const measuredMs = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
    const id = `${space}:${key}`;
    const known = this.patients.use(id);
    const entry = known ?? { fields: {}, lastSeenMs: nowMs };

    for (const field of REMEMBERED) {
      const held = entry.fields[field];
      if (held === undefined) continue;
      if (nowMs - held.receivedMs > this.windowMs) {
        delete entry.fields[field];
        continue;
      }
      if (inputs[field] !== undefined || !this.measuredClose(held, measuredMs)) continue;
      (merged as Record<RememberedField, unknown>)[field] = held.value;
      const ageSeconds = (nowMs - held.receivedMs) / 1000;
      carried[field] =
        held.timestamp !== undefined
          ? { value: held.value, timestamp: held.timestamp, ageSeconds }
          : { value: held.value, ageSeconds };
    }

    // Remember the values the message itself brought (not those just carried into it).
    for (const field of REMEMBERED) {
      const value = inputs[field];
      if (value === undefined) continue;
      const held = entry.fields[field];
      // A late upload of an older measurement must not replace a newer one.
      if (held !== undefined && held.measuredMs > measuredMs) continue;
      entry.fields[field] = { value, timestamp, measuredMs, receivedMs: nowMs };
    }
    entry.lastSeenMs = nowMs;
    // A known patient was made the most recent by use() above; a new one is added now.
    if (known === undefined) this.patients.set(id, entry);
    return { inputs: merged, carried };
  }

  /** Forget everything (on node close or redeploy). */
  clear(): void {
    this.patients.clear();
  }

  /** Measured within the window of the current reading (either way), when both times are known. */
  private measuredClose(held: Held, measuredMs: number): boolean {
    if (Number.isFinite(measuredMs) && Number.isFinite(held.measuredMs)) {
      return Math.abs(measuredMs - held.measuredMs) <= this.windowMs;
    }
    return true;
  }
}
