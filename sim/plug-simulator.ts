// Simulated smart plugs over MQTT: telemetry in each firmware's own topics and formats, a day
// compressed into a few minutes, and relays that obey their command topics.
import mqtt, { MqttClient } from 'mqtt';
import { seededRandom } from './random';
import { MqttOut, SimPlug, advancePlug, applyCommand, commandTopics, createPlugs, telemetry } from './plug-model';

export interface PlugSimulatorOptions {
  url: string;
  /** Real time between two telemetry rounds, in ms. Default 2000. */
  intervalMs?: number;
  /** Real seconds per simulated day. Default 600 (a day in 10 minutes, 144 times faster). */
  daySeconds?: number;
  /** Simulated hour of day (UTC) at start. Default 21, so the evening's standby shows soon. */
  startHour?: number;
  /** Telemetry rounds, then stop; 0 or unset runs until stop(). */
  count?: number;
  seed?: number;
  /** Relays switch on their command topics (default true). */
  obeyCommands?: boolean;
  /** Simulated hour of the first night at which the Shelly Gen1 plug reboots; null for never. Default 2. */
  rebootAtHour?: number | null;
  /** Put before every plug id. */
  idPrefix?: string;
  /** Real clock; the simulated day starts on its date (tests pin it). */
  now?: () => Date;
  onError?: (err: Error) => void;
}

export interface PlugSimulator {
  readonly ready: Promise<void>;
  readonly done: Promise<void>;
  /** Telemetry messages the broker acknowledged. */
  readonly published: number;
  /** Commands obeyed. */
  readonly commands: number;
  readonly plugs: readonly SimPlug[];
  /** How many times faster than real time the plugs' day runs. */
  readonly speed: number;
  /** The simulated time of the latest round. */
  readonly simTime: Date;
  stop(): Promise<void>;
}

export function startPlugSimulator(options: PlugSimulatorOptions): PlugSimulator {
  const intervalMs = options.intervalMs ?? 2000;
  const speed = 86_400 / (options.daySeconds ?? 600);
  const count = options.count ?? 0;
  const now = options.now ?? (() => new Date());
  const random = seededRandom(options.seed ?? 1);
  const plugs = createPlugs({ rebootAtHour: options.rebootAtHour, idPrefix: options.idPrefix });
  const start = now();
  const simStart = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), options.startHour ?? 21));
  let simTime = simStart;

  const client: MqttClient = mqtt.connect(options.url, { protocolVersion: 4, clean: true, connectTimeout: 5000, reconnectPeriod: 1000 });
  let published = 0;
  let commands = 0;
  let round = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));

  const publish = (list: MqttOut[]) =>
    Promise.all(list.map((m) => client.publishAsync(m.topic, m.payload, { qos: 1 }).then(() => void published++)));

  const ready = new Promise<void>((resolve, reject) => {
    const onFirstError = (err: Error) => {
      client.end(true);
      reject(err);
    };
    client.once('error', onFirstError);
    client.once('connect', () => {
      client.removeListener('error', onFirstError);
      client.on('error', (err) => options.onError?.(err));
      const listen = options.obeyCommands === false ? Promise.resolve() : client.subscribeAsync(plugs.flatMap(commandTopics), { qos: 1 });
      listen.then(
        () => {
          resolve();
          tick();
        },
        (err: Error) => onFirstError(err),
      );
    });
  });
  ready.catch(() => finish());

  client.on('message', (topic, payload) => {
    if (stopped) return;
    for (const plug of plugs) {
      const answers = applyCommand(plug, topic, payload.toString(), simTime);
      if (answers) {
        commands++;
        inFlight = Promise.all([inFlight, publish(answers)]).catch((err: Error) => options.onError?.(err));
        return;
      }
    }
  });

  function tick(): void {
    if (stopped) return;
    const dtS = (intervalMs * speed) / 1000;
    simTime = new Date(simStart.getTime() + round * intervalMs * speed);
    round++;
    const out = plugs.flatMap((p) => {
      advancePlug(p, random, simTime, round === 1 ? 0 : dtS, simStart);
      return telemetry(p, simTime);
    });
    inFlight = publish(out).then(
      () => {
        if (count > 0 && round >= count) void stop();
        else if (!stopped) timer = setTimeout(tick, intervalMs);
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
    get commands() {
      return commands;
    },
    plugs,
    speed,
    get simTime() {
      return simTime;
    },
    stop,
  };
}
