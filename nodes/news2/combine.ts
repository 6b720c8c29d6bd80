// Per-patient memory of the last NEWS2 vitals, so that values arriving in separate messages (heart
// rate from a watch, blood pressure from a cuff) make one score. Bounded (the least recently seen
// patient goes first), and a held value is used only while younger than the window, counted from
// when it was received and, when both readings carry a timestamp, from the current measurement:
// an old measurement uploaded late from a device's memory is never passed off as current.
import { LruMap } from '../lib/lru-map';
import type { News2Inputs } from './score';

const REMEMBERED = [
  'respiratoryRate',
  'spo2',
  'onOxygen',
  'systolic',
  'heartRate',
  'consciousness',
  'temperature',
] as const;
type RememberedField = (typeof REMEMBERED)[number];

/** A value taken from an earlier message, as `news2.carried` shows it. */
interface CarriedValue {
  value: number | boolean | string;
  /** The timestamp of the reading it came from, if it had one. */
  timestamp?: string;
  /** Seconds since the node received that reading. */
  ageSeconds: number;
}

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

export class VitalsMemory {
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly patients: LruMap<PatientEntry>;

  /** `windowSeconds` 0 turns combining off; `now` (ms) is for tests. */
  constructor(options: { windowSeconds: number; maxPatients: number; now?: () => number }) {
    this.windowMs = Math.max(0, options.windowSeconds) * 1000;
    this.patients = new LruMap(Math.max(1, Math.floor(options.maxPatients)));
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.patients.size;
  }

  /**
   * `inputs` with its gaps filled from this patient's earlier values still inside the window, and
   * what was carried; the values present now are remembered. `key` is the patientId, else the
   * deviceId (`space` says which: the same text must never meet). No key, or combining off:
   * nothing is carried or held. `inputs` itself is not changed.
   */
  combine(
    key: string | undefined,
    inputs: News2Inputs,
    timestamp: string | undefined,
    space: 'patient' | 'device' = 'patient',
  ): { inputs: News2Inputs; carried: Partial<Record<RememberedField, CarriedValue>> } {
    const merged: News2Inputs = { ...inputs };
    const carried: Partial<Record<RememberedField, CarriedValue>> = {};
    if (this.windowMs === 0 || !key) return { inputs: merged, carried };
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
      // A late upload of an older measurement must not replace a newer one.
      if ((entry.fields[field]?.measuredMs ?? -Infinity) > measuredMs) continue;
      entry.fields[field] = { value, timestamp, measuredMs, receivedMs: nowMs };
    }
    entry.lastSeenMs = nowMs;
    // A known patient was made the most recent by use() above.
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
