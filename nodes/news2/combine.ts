// Per-patient memory of the last NEWS2 vitals, so that values arriving in separate
// messages (heart rate from a watch, blood pressure from a cuff) make one score.
// Memory is bounded (least-recently-seen patients are dropped first) and values
// expire: a held value is used only while it is younger than the window, counted
// both from when the node received it and, when both readings carry a parsable
// timestamp, from the current reading's measurement time, so that an old
// measurement uploaded late from a device's memory is never passed off as current.

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
  measuredMs: number;
  receivedMs: number;
}
interface PatientEntry {
  fields: Partial<Record<RememberedField, Held>>;
  lastSeenMs: number;
}

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

const parseTime = (t: string | undefined): number => (typeof t === 'string' ? Date.parse(t) : NaN);

export class VitalsMemory {
  private readonly windowMs: number;
  private readonly maxPatients: number;
  private readonly now: () => number;
  // A Map iterates in insertion order; re-inserting on every visit keeps it in
  // least-recently-seen order, which both eviction and expiry sweeps rely on.
  private readonly patients = new Map<string, PatientEntry>();

  constructor(options: CombineOptions) {
    this.windowMs = Math.max(0, options.windowSeconds) * 1000;
    this.maxPatients = Math.max(1, Math.floor(options.maxPatients));
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
   * Fill the gaps in `inputs` from this patient's earlier values still inside the
   * window, then remember the values present now. `key` is patientId else deviceId;
   * without a key, or with combining off, nothing is carried or held.
   */
  combine(key: string | undefined, inputs: News2Inputs, timestamp: string | undefined): Combined {
    if (!this.enabled || !key) return { inputs: { ...inputs }, carried: {} };
    const nowMs = this.now();
    this.sweep(nowMs);
    const measuredMs = parseTime(timestamp);
    const entry = this.patients.get(key) ?? { fields: {}, lastSeenMs: nowMs };
    this.patients.delete(key);

    const merged: Record<string, unknown> = { ...inputs };
    const carried: Carried = {};
    for (const field of REMEMBERED) {
      const held = entry.fields[field];
      if (!held) continue;
      if (nowMs - held.receivedMs > this.windowMs) {
        delete entry.fields[field];
        continue;
      }
      if (merged[field] !== undefined || !this.measuredClose(held, measuredMs)) continue;
      merged[field] = held.value;
      carried[field] = {
        value: held.value,
        ...(held.timestamp !== undefined ? { timestamp: held.timestamp } : {}),
        ageSeconds: (nowMs - held.receivedMs) / 1000,
      };
    }

    for (const field of REMEMBERED) {
      const value = inputs[field];
      if (value === undefined) continue;
      const held = entry.fields[field];
      // A late upload of an older measurement must not replace a newer one.
      if (held && held.measuredMs > measuredMs) continue;
      entry.fields[field] = { value, timestamp, measuredMs, receivedMs: nowMs };
    }
    entry.lastSeenMs = nowMs;
    this.patients.set(key, entry);
    while (this.patients.size > this.maxPatients) {
      const oldest = this.patients.keys().next().value as string;
      this.patients.delete(oldest);
    }
    return { inputs: merged as News2Inputs, carried };
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

  /** Drop patients not seen for longer than the window: none of their values could be used. */
  private sweep(nowMs: number): void {
    for (const [key, entry] of this.patients) {
      if (nowMs - entry.lastSeenMs <= this.windowMs) break;
      this.patients.delete(key);
    }
  }
}
