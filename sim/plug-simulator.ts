// Simulated smart plugs over MQTT: telemetry in each firmware's own topics and formats, a day
// compressed into a few minutes, and relays that obey their command topics.
import { startPublishLoop } from './publish-loop';
import { seededRandom } from './random';
import { SimPlug, advancePlug, applyCommand, commandTopics, createPlugs, telemetry } from './plug-model';

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
  const simStart = new Date(
    Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate(), options.startHour ?? 21),
  );
  let simTime = simStart;

  let commands = 0;
  const loop = startPublishLoop({
    url: options.url,
    intervalMs,
    count,
    round: (index) => {
      const dtS = (intervalMs * speed) / 1000;
      simTime = new Date(simStart.getTime() + index * intervalMs * speed);
      return plugs.flatMap((p) => {
        advancePlug(p, random, simTime, index === 0 ? 0 : dtS, simStart);
        return telemetry(p, simTime);
      });
    },
    beforeFirstRound: (client) =>
      options.obeyCommands === false
        ? Promise.resolve()
        : client.subscribeAsync(plugs.flatMap(commandTopics), { qos: 1 }),
    onError: options.onError,
  });

  loop.client.on('message', (topic, payload) => {
    if (loop.stopped) return;
    for (const plug of plugs) {
      const answers = applyCommand(plug, topic, payload.toString(), simTime);
      if (answers) {
        commands++;
        loop.publish(answers);
        return;
      }
    }
  });

  return {
    ready: loop.ready,
    done: loop.done,
    get published() {
      return loop.published;
    },
    get commands() {
      return commands;
    },
    plugs,
    speed,
    get simTime() {
      return simTime;
    },
    stop: () => loop.stop(),
  };
}
