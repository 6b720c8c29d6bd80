// The device simulator: several patients' vital signs published over MQTT at QoS 1.
// Depends on the `mqtt` package only, since it ships with the pack (bin health-energy-sim).
import { startPublishLoop } from './publish-loop';
import { seededRandom } from './random';
import { SimPatient, advance, createPatients, formatPayload, topicFor } from './vitals-model';

export interface SimulatorOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883. */
  url: string;
  /** How many patients (ids p-001, p-002, ...). Default 4. */
  patients?: number;
  /** Time between two readings of one patient, in ms. Default 1000. */
  intervalMs?: number;
  /** Readings per patient before the simulator stops by itself; 0 or unset runs until stop(). */
  count?: number;
  /** Same seed, same readings. Default 1. */
  seed?: number;
  /** Topics are `<prefix>/<patientId>/vitals`. Default `health`. */
  topicPrefix?: string;
  /** Patient who deteriorates; null for none. Default p-003. */
  deteriorating?: string | null;
  /** Device that sends the text-line form; null for none. Default p-002. */
  textDevice?: string | null;
  /** Simulated time over which the deteriorating patient reaches the worst state. Default 5 min. */
  deteriorateOverMs?: number;
  /** Clock for the payload timestamps (tests pin it). */
  now?: () => Date;
  /** Called for an error after the first connection (the client keeps retrying). */
  onError?: (err: Error) => void;
}

export interface Simulator {
  /** Resolves once connected to the broker; rejects if the first connection fails. */
  readonly ready: Promise<void>;
  /** Resolves when `count` readings per patient were acknowledged, or after stop(). */
  readonly done: Promise<void>;
  /** Readings the broker acknowledged (PUBACK). */
  readonly published: number;
  readonly patients: readonly SimPatient[];
  stop(): Promise<void>;
}

export function startSimulator(options: SimulatorOptions): Simulator {
  const intervalMs = options.intervalMs ?? 1000;
  const count = options.count ?? 0;
  const prefix = options.topicPrefix ?? 'health';
  const deteriorateOverMs = options.deteriorateOverMs ?? 5 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  const random = seededRandom(options.seed ?? 1);
  const patients = createPatients({
    count: options.patients ?? 4,
    random,
    deteriorating: options.deteriorating,
    textDevice: options.textDevice,
  });

  const loop = startPublishLoop({
    url: options.url,
    intervalMs,
    count,
    round: (index) => {
      const elapsed = index * intervalMs;
      const timestamp = now();
      return patients.map((p) => ({
        topic: topicFor(prefix, p.id),
        payload: formatPayload(p, advance(p, random, elapsed, deteriorateOverMs), timestamp),
      }));
    },
    onError: options.onError,
  });

  return {
    ready: loop.ready,
    done: loop.done,
    get published() {
      return loop.published;
    },
    patients,
    stop: () => loop.stop(),
  };
}
