// Per-patient memory of the last NEWS2 vitals, so that values arriving in separate
// messages (heart rate from a watch, blood pressure from a cuff) make one score.
// Memory is bounded (least-recently-seen patients are dropped first) and values
// expire: a held value is used only while it is younger than the window, counted
// both from when the node received it and, when both readings carry a parsable
// timestamp, from the current reading's measurement time, so that an old
// measurement uploaded late from a device's memory is never passed off as current.

import { parseTime } from './iso-time';
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
type Value = number | boolean | string;
/**
 * Whose id a key is. A patient id and a device id may be the same text; they are kept in
 * maps of their own so that they never meet (the node once wrote "p:" or "d:" before the
 * id, a new string and a new hash per message).
 */
export type KeySpace = 'patient' | 'device';

interface PatientEntry {
  key: string;
  space: KeySpace;
  /** Indexed as REMEMBERED: an array, because one keyed access site that sees seven property
   *  names goes megamorphic in V8, and this runs seven times per message. */
  fields: (Held | undefined)[];
  lastSeenMs: number;
  /** Neighbours in least-recently-seen order (see `oldest`). */
  older: PatientEntry | null;
  newer: PatientEntry | null;
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

export class VitalsMemory {
  private readonly windowMs: number;
  private readonly maxPatients: number;
  private readonly now: () => number;
  // A Map per key space finds a patient; one list through all the entries keeps them in
  // least-recently-seen order, which both eviction and expiry sweeps rely on. (Re-inserting
  // into the Map on every visit kept that order too, at two more hash operations per message.)
  private readonly patients = new Map<string, PatientEntry>();
  private readonly devices = new Map<string, PatientEntry>();
  private oldest: PatientEntry | null = null;
  private newest: PatientEntry | null = null;
  /** Scratch for fill(): the current message's values, in REMEMBERED order. */
  private readonly own: (Value | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];

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
    return this.patients.size + this.devices.size;
  }

  /**
   * Fill the gaps in `inputs` from this patient's earlier values still inside the
   * window, then remember the values present now. `key` is patientId else deviceId (say
   * which in `space`); without a key, or with combining off, nothing is carried or held.
   */
  combine(key: string | undefined, inputs: News2Inputs, timestamp: string | undefined, space: KeySpace = 'patient'): Combined {
    // Object.assign rather than a spread: the same copy, several times cheaper in V8 here.
    const merged: News2Inputs = Object.assign({}, inputs);
    return { inputs: merged, carried: this.fill(key, merged, timestamp, space) };
  }

  /**
   * combine() for a caller that owns `inputs` (the news2 node: a fresh object per message):
   * the gaps are filled in that object itself and the carried values returned, which saves
   * a copy and a wrapper per message. Same rules and same result as combine().
   */
  fill(key: string | undefined, inputs: News2Inputs, timestamp: string | undefined, space: KeySpace = 'patient'): Carried {
    const carried: Carried = {};
    if (!this.enabled || !key) return carried;
    const nowMs = this.now();
    this.sweep(nowMs);
    const measuredMs = parseTime(timestamp);
    const map = space === 'device' ? this.devices : this.patients;
    let entry = map.get(key);
    if (entry === undefined) {
      entry = { key, space, fields: [undefined, undefined, undefined, undefined, undefined, undefined, undefined], lastSeenMs: nowMs, older: null, newer: null };
      map.set(key, entry);
    } else {
      this.unlink(entry);
    }

    // The message's values in REMEMBERED order, each read where its name is fixed (see fields).
    const own = this.own;
    own[0] = inputs.respiratoryRate;
    own[1] = inputs.spo2;
    own[2] = inputs.onOxygen;
    own[3] = inputs.systolic;
    own[4] = inputs.heartRate;
    own[5] = inputs.consciousness;
    own[6] = inputs.temperature;

    const fields = entry.fields;
    for (let i = 0; i < REMEMBERED.length; i++) {
      const held = fields[i];
      if (held === undefined) continue;
      if (nowMs - held.receivedMs > this.windowMs) {
        fields[i] = undefined;
        continue;
      }
      if (own[i] !== undefined || !this.measuredClose(held, measuredMs)) continue;
      const field = REMEMBERED[i];
      (inputs as Record<RememberedField, Value>)[field] = held.value;
      carried[field] =
        held.timestamp !== undefined
          ? { value: held.value, timestamp: held.timestamp, ageSeconds: (nowMs - held.receivedMs) / 1000 }
          : { value: held.value, ageSeconds: (nowMs - held.receivedMs) / 1000 };
    }

    // Remember the values the message itself brought (not those just carried into it).
    for (let i = 0; i < REMEMBERED.length; i++) {
      const value = own[i];
      if (value === undefined) continue;
      const held = fields[i];
      if (held === undefined) {
        fields[i] = { value, timestamp, measuredMs, receivedMs: nowMs };
        continue;
      }
      // A late upload of an older measurement must not replace a newer one.
      if (held.measuredMs > measuredMs) continue;
      // Updated in place: nothing outside this memory holds a Held (carried values are copies).
      held.value = value;
      held.timestamp = timestamp;
      held.measuredMs = measuredMs;
      held.receivedMs = nowMs;
    }
    entry.lastSeenMs = nowMs;
    this.linkNewest(entry);
    while (this.patients.size + this.devices.size > this.maxPatients) this.drop(this.oldest!);
    return carried;
  }

  /** Forget everything (on node close or redeploy). */
  clear(): void {
    this.patients.clear();
    this.devices.clear();
    this.oldest = null;
    this.newest = null;
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
    while (this.oldest !== null && nowMs - this.oldest.lastSeenMs > this.windowMs) this.drop(this.oldest);
  }

  private drop(entry: PatientEntry): void {
    this.unlink(entry);
    (entry.space === 'device' ? this.devices : this.patients).delete(entry.key);
  }

  private unlink(entry: PatientEntry): void {
    if (entry.older !== null) entry.older.newer = entry.newer;
    else if (this.oldest === entry) this.oldest = entry.newer;
    if (entry.newer !== null) entry.newer.older = entry.older;
    else if (this.newest === entry) this.newest = entry.older;
    entry.older = null;
    entry.newer = null;
  }

  private linkNewest(entry: PatientEntry): void {
    entry.older = this.newest;
    entry.newer = null;
    if (this.newest !== null) this.newest.newer = entry;
    else this.oldest = entry;
    this.newest = entry;
  }
}
