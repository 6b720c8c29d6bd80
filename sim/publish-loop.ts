// The publishing loop every simulator shares: one MQTT client, a round of QoS 1 messages every
// interval, an optional round count, and a stop that lets the messages under way be
// acknowledged before the client ends. Rounds keep their cadence (round k is due k intervals
// after the first, so the time a round waits for its acknowledgements does not slow the rate:
// at 1,000 patients that wait was 3-10 % of every second), but a round never starts before the
// previous one was acknowledged, and a round that came late moves the cadence on instead of
// being made up, so a slow broker never piles rounds up.
import mqtt, { MqttClient } from 'mqtt';

export interface OutMessage {
  topic: string;
  payload: string;
}

export interface PublishLoopOptions {
  url: string;
  intervalMs: number;
  /** Rounds before the loop stops by itself; 0 runs until stop(). */
  count: number;
  /** One round's messages; `index` counts rounds from 0. */
  round: (index: number) => OutMessage[];
  /** Runs once connected, before the first round (e.g. subscribing); a failure fails `ready`. */
  beforeFirstRound?: (client: MqttClient) => Promise<unknown>;
  /** Called for an error after the first connection (the client keeps retrying) and for a failed round. */
  onError?: (err: Error) => void;
}

export interface PublishLoop {
  readonly client: MqttClient;
  /** Resolves once connected (and beforeFirstRound is done); rejects if that fails. */
  readonly ready: Promise<void>;
  /** Resolves after `count` rounds were acknowledged, or after stop(). */
  readonly done: Promise<void>;
  /** Messages the broker acknowledged (PUBACK). */
  readonly published: number;
  readonly stopped: boolean;
  /** Publishes messages outside the rounds (e.g. a device's answer); stop() waits for them too, a failure goes to onError. */
  publish(messages: OutMessage[]): void;
  stop(): Promise<void>;
}

export function startPublishLoop(options: PublishLoopOptions): PublishLoop {
  const { intervalMs, count } = options;
  const client: MqttClient = mqtt.connect(options.url, {
    protocolVersion: 4,
    // Without a clean session, QoS 1 messages left in flight at stop() would be
    // replayed to the next run under the same (random) client id.
    clean: true,
    connectTimeout: 5000,
    reconnectPeriod: 1000,
  });

  let published = 0;
  let rounds = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const send = (messages: OutMessage[]): Promise<void> =>
    Promise.all(
      messages.map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 }).then(() => void published++)),
    ).then(() => undefined);

  const ready = new Promise<void>((resolve, reject) => {
    const onFirstError = (err: Error) => {
      client.end(true);
      reject(err);
    };
    client.once('error', onFirstError);
    client.once('connect', () => {
      client.removeListener('error', onFirstError);
      client.on('error', (err) => options.onError?.(err));
      const before = options.beforeFirstRound ? options.beforeFirstRound(client) : Promise.resolve();
      before.then(
        () => {
          resolve();
          tick();
        },
        (err: Error) => onFirstError(err),
      );
    });
  });
  // A caller that only awaits `done` should not crash on an unhandled rejection.
  ready.catch(() => finish());

  /** When the current round was due (ms since the epoch); 0 before the first round. */
  let due = 0;
  function scheduleNext(): void {
    if (stopped) return;
    const now = Date.now();
    due = Math.max(due + intervalMs, now);
    timer = setTimeout(tick, due - now);
  }

  function tick(): void {
    if (stopped) return;
    if (due === 0) due = Date.now();
    const next = send(options.round(rounds++)).then(
      () => {
        if (count > 0 && rounds >= count) void stop();
        else scheduleNext();
      },
      (err: Error) => {
        options.onError?.(err);
        scheduleNext();
      },
    );
    inFlight = Promise.all([inFlight, next]);
  }

  let stopping: Promise<void> | undefined;
  function stop(): Promise<void> {
    if (stopping) return stopping;
    stopped = true;
    if (timer) clearTimeout(timer);
    stopping = (async () => {
      // Let the messages under way receive their acknowledgements, unless the broker is gone.
      if (client.connected) await inFlight.catch(() => undefined);
      await client.endAsync(!client.connected);
      finish();
    })();
    return stopping;
  }

  return {
    client,
    ready,
    done,
    get published() {
      return published;
    },
    get stopped() {
      return stopped;
    },
    publish(messages) {
      inFlight = Promise.all([inFlight, send(messages).catch((err: Error) => options.onError?.(err))]);
    },
    stop,
  };
}
