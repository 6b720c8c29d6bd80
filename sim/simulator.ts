// The device simulator: several patients' vital signs published over MQTT at QoS 1.
// Depends on the `mqtt` package only, since it ships with the pack (bin health-energy-sim).
import mqtt, { MqttClient } from 'mqtt';
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

  const client: MqttClient = mqtt.connect(options.url, {
    protocolVersion: 4,
    // Without a clean session, QoS 1 messages left in flight at stop() would be
    // replayed to the next run under the same (random) client id.
    clean: true,
    connectTimeout: 5000,
    reconnectPeriod: 1000,
  });

  let published = 0;
  let round = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const ready = new Promise<void>((resolve, reject) => {
    const onFirstError = (err: Error) => {
      client.end(true);
      reject(err);
    };
    client.once('error', onFirstError);
    client.once('connect', () => {
      client.removeListener('error', onFirstError);
      client.on('error', (err) => options.onError?.(err));
      resolve();
      tick();
    });
  });
  // A caller that only awaits `done` should not crash on an unhandled rejection.
  ready.catch(() => finish());

  function publishRound(): Promise<void> {
    const elapsed = round * intervalMs;
    round++;
    const timestamp = now();
    return Promise.all(
      patients.map((p) => {
        const payload = formatPayload(p, advance(p, random, elapsed, deteriorateOverMs), timestamp);
        return client.publishAsync(topicFor(prefix, p.id), payload, { qos: 1 }).then(() => {
          published++;
        });
      }),
    ).then(() => undefined);
  }

  function tick(): void {
    if (stopped) return;
    inFlight = publishRound().then(
      () => {
        if (count > 0 && round >= count) {
          void stop();
        } else if (!stopped) {
          timer = setTimeout(tick, intervalMs);
        }
      },
      (err: Error) => {
        options.onError?.(err);
        if (!stopped) timer = setTimeout(tick, intervalMs);
      },
    );
  }

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    if (stopping) return stopping;
    stopped = true;
    if (timer) clearTimeout(timer);
    stopping = (async () => {
      // Let the round under way receive its acknowledgements, unless the broker is gone.
      if (client.connected) await inFlight.catch(() => undefined);
      await client.endAsync(!client.connected);
      finish();
    })();
    return stopping;
  }

  return {
    ready,
    done,
    get published() {
      return published;
    },
    patients,
    stop,
  };
}
