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

/** A message's vitals as received; each field the message brought points at it until replaced. */
interface Sample {
  inputs: News2Inputs;
  timestamp?: string;
  /** Date.parse of the timestamp: NaN when there was none or it did not parse. */
  measuredMs: number;
  receivedMs: number;
}

interface PatientEntry {
  fields: Partial<Record<RememberedField, Sample>>;
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
   * nothing is carried or held. `inputs` is not changed, and is held: the caller must not change it.
   */
  combine(
    key: string | undefined,
    inputs: News2Inputs,
    timestamp: string | undefined,
    space: 'patient' | 'device' = 'patient',
  ): { inputs: News2Inputs; carried: Partial<Record<RememberedField, CarriedValue>> } {
    const carried: Partial<Record<RememberedField, CarriedValue>> = {};
    if (this.windowMs === 0 || !key) return { inputs, carried };
    const nowMs = this.now();
    // Patients not seen for longer than the window: none of their values could be used.
    this.patients.sweep((p) => nowMs - p.lastSeenMs > this.windowMs);
    const sample: Sample = { inputs, timestamp, measuredMs: Date.parse(timestamp ?? ''), receivedMs: nowMs };
    const id = `${space}:${key}`;
    const known = this.patients.use(id);
    const entry = known ?? { fields: {}, lastSeenMs: nowMs };
    let merged = inputs;

    for (const field of REMEMBERED) {
      let held = entry.fields[field];
      if (held !== undefined && nowMs - held.receivedMs > this.windowMs) {
        delete entry.fields[field];
        held = undefined;
      }
      if (inputs[field] !== undefined) {
        // A late upload of an older measurement must not replace a newer one.
        if (!(held && held.measuredMs > sample.measuredMs)) entry.fields[field] = sample;
        continue;
      }
      if (held === undefined || !this.measuredClose(held, sample.measuredMs)) continue;
      const value = held.inputs[field]!;
      // Copied by Object.assign: a spread copy that then gets keys added cost about 1 µs more here.
      if (merged === inputs) merged = Object.assign({}, inputs);
      (merged as Record<RememberedField, unknown>)[field] = value;
      const ageSeconds = (nowMs - held.receivedMs) / 1000;
      carried[field] =
        held.timestamp !== undefined ? { value, timestamp: held.timestamp, ageSeconds } : { value, ageSeconds };
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
  private measuredClose(held: Sample, measuredMs: number): boolean {
    if (Number.isFinite(measuredMs) && Number.isFinite(held.measuredMs)) {
      return Math.abs(measuredMs - held.measuredMs) <= this.windowMs;
    }
    return true;
  }
}
