// Probe patients for the ward benchmark: patients of the run like the simulator's (one reading a
// second each, to health/<id>/vitals), whose readings go high at known times, so that the time
// from a reading to its alarm on the page can be measured. Each probe sends normal readings
// (NEWS2 0), then in every cycle two high ones in a row: the example's NEWS2 alarm is raised by
// two samples above its threshold (he-threshold forSamples 2), so the second high reading is the
// one that raises it, and the delay is timed from its publish. The normal readings that follow
// clear the alarm (clearForSamples 3) well before the next cycle.
import { startPublishLoop, OutMessage, PublishLoop } from '../../sim/publish-loop';
import { Vitals, WORST } from '../../sim/vitals-model';

/** Scores 0 in every NEWS2 parameter (health.md §3): RR 12-20, SpO2 >= 96, SBP 111-219, pulse 51-90, 36.1-38.0 °C, alert, air. */
export const PROBE_NORMAL: Readonly<Vitals> = Object.freeze({
  heartRate: 72,
  respiratoryRate: 14,
  spo2: 98,
  temperature: 36.8,
  systolic: 122,
  diastolic: 78,
});

/** The simulator's worst state: NEWS2 13, band high, above both of the example's levels (5 and 7). */
export const PROBE_HIGH: Readonly<Vitals> = WORST;

/** High readings in a row that raise the example's alarm (its forSamples). */
export const HIGH_READINGS = 2;
/** Shortest cycle: the high readings, then the example's 3 normal readings that clear, and one spare. */
export const MIN_CYCLE_SECONDS = HIGH_READINGS + 4;

export interface ProbePlan {
  probes: number;
  /** Seconds between two raises of one probe. */
  cycleSeconds: number;
  /** No high reading before this second of the run (the warm-up). */
  firstSecond: number;
  /** Readings per probe: the run's length in seconds. */
  seconds: number;
}

export const probeId = (i: number): string => `probe-${String(i + 1).padStart(2, '0')}`;

/**
 * Whether probe `probe`'s reading in second `second` of the run is high. The probes' cycles are
 * spread over the cycle (probe i starts i/probes of a cycle later), so raises come evenly; a
 * cycle whose high readings would not all fit in the run is left out.
 */
export function isHigh(plan: ProbePlan, probe: number, second: number): boolean {
  const offset = plan.firstSecond + Math.floor((probe * plan.cycleSeconds) / plan.probes);
  if (second < offset) return false;
  const into = (second - offset) % plan.cycleSeconds;
  const cycleStart = second - into;
  return into < HIGH_READINGS && cycleStart + HIGH_READINGS <= plan.seconds;
}

/** How many raises the plan holds (for the report: the sample size behind p99). */
export function plannedRaises(plan: ProbePlan): number {
  let n = 0;
  for (let p = 0; p < plan.probes; p++) {
    for (let s = 0; s < plan.seconds; s++) if (isHigh(plan, p, s) && !isHigh(plan, p, s - 1)) n++;
  }
  return n;
}

export interface Raise {
  key: string;
  /** When the first high reading of the cycle was published (ms since the epoch). */
  firstHighAt: number;
  /** When the reading that raises the alarm (the last high one) was published. */
  raiseAt: number;
}

export function probePayload(id: string, v: Readonly<Vitals>, at: Date): string {
  return JSON.stringify({ patientId: id, timestamp: at.toISOString(), ...v, onOxygen: false, consciousness: 'A' });
}

export interface Probes {
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  /** Readings the broker acknowledged. */
  readonly published: number;
  /** Every raising reading published so far, in order. */
  readonly raises: readonly Raise[];
  stop(): Promise<void>;
}

/**
 * Publishes the plan's probes (QoS 1, one round a second on the simulator's loop) to
 * `<prefix>/<id>/vitals`, and with them normal readings of the `quiet` patients (no alarm ever).
 */
export function startProbes(url: string, plan: ProbePlan, prefix = 'health', quiet: readonly string[] = []): Probes {
  const raises: Raise[] = [];
  const firstHigh = new Map<string, number>();
  const loop: PublishLoop = startPublishLoop({
    url,
    intervalMs: 1000,
    count: plan.seconds,
    round: (second) => {
      const at = new Date();
      const out: OutMessage[] = [];
      for (let p = 0; p < plan.probes; p++) {
        const id = probeId(p);
        const high = isHigh(plan, p, second);
        if (high && !isHigh(plan, p, second - 1)) firstHigh.set(id, at.getTime());
        if (high && !isHigh(plan, p, second + 1))
          raises.push({ key: id, firstHighAt: firstHigh.get(id) ?? at.getTime(), raiseAt: at.getTime() });
        out.push({ topic: `${prefix}/${id}/vitals`, payload: probePayload(id, high ? PROBE_HIGH : PROBE_NORMAL, at) });
      }
      for (const id of quiet)
        out.push({ topic: `${prefix}/${id}/vitals`, payload: probePayload(id, PROBE_NORMAL, at) });
      return out;
    },
  });
  return {
    ready: loop.ready,
    done: loop.done,
    get published() {
      return loop.published;
    },
    raises,
    stop: () => loop.stop(),
  };
}
