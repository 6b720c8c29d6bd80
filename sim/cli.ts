#!/usr/bin/env node
// health-energy-sim: publish simulated patients' vital signs (and, with --plugs, smart plugs'
// telemetry) to an MQTT broker. Prints counts only: the readings themselves stay off the console.
import { startSimulator, SimulatorOptions } from './simulator';
import { startPlugSimulator, PlugSimulatorOptions } from './plug-simulator';
import { BLE_TEXT_ENCODINGS, BleTextEncoding, startBleSimulator } from './ble-simulator';

const HELP = `Usage: health-energy-sim [options]

Publishes simulated vital signs to <prefix>/<patientId>/vitals (QoS 1).

  --url <url>            broker (default mqtt://127.0.0.1:1883, or MQTT_URL)
  --patients <n>         number of patients p-001... (default 4)
  --interval <ms>        time between two readings of a patient (default 1000)
  --count <n>            readings per patient, then exit (default: run until Ctrl-C)
  --seed <n>             same seed, same readings (default 1)
  --prefix <topic>       topic prefix (default health)
  --deteriorate <id>     patient who deteriorates, or "none" (default p-003)
  --text-device <id>     device sending the text-line form, or "none" (default p-002)
  --deteriorate-over <s> seconds of simulated time to reach the worst state (default 300)

Smart plugs (fridge and desk strip on Tasmota, TV on Shelly Gen1, console on Shelly Gen2),
publishing tele/<id>/SENSOR, shellies/<id>/relay/0/power|energy and <id>/status/switch:0, and
switching off on their command topics (cmnd/<id>/POWER, shellies/<id>/relay/0/command, <id>/rpc):
  --plugs                also simulate the plugs (--patients 0: plugs only)
  --plug-interval <ms>   time between two telemetry rounds (default 2000)
  --plug-day <s>         real seconds per simulated day (default 600)
  --plug-start <hour>    simulated hour of day at start, 0-23 (default 21)
  --plug-commands off    plugs ignore commands
  --ble                  publish Bluetooth LE packets as a gateway would, on
                         <prefix, default ble>/<patientId>-<device>/<2a37|2a1c|2a35|2a5e|2a9d>
  --ble-encoding <e>     hex (default), base64, or mixed (implies --ble)
  -h, --help             this help
`;

export interface CliArgs {
  help: boolean;
  /** The patients' simulator; null when --patients 0. */
  options: SimulatorOptions;
  vitals: boolean;
  /** The plugs' simulator; null without --plugs. */
  plugs: PlugSimulatorOptions | null;
  /** Set by --ble / --ble-encoding. */
  ble?: { encoding: BleTextEncoding };
}

function positiveInt(name: string, value: string | undefined, allowZero = false): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new Error(`${name} needs a whole number${allowZero ? '' : ' above 0'}, got "${value ?? ''}"`);
  }
  return n;
}

/** Parses argv (without node and script); throws an Error with a clear message on a bad flag. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliArgs {
  const options: SimulatorOptions = { url: env.MQTT_URL || 'mqtt://127.0.0.1:1883' };
  const plugOptions: Omit<PlugSimulatorOptions, 'url'> = {};
  let plugs = false;
  let help = false;
  let ble: CliArgs['ble'];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string | undefined => argv[++i];
    switch (flag) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--url':
        options.url = value() ?? '';
        if (!/^(mqtts?|wss?|tcp):\/\//.test(options.url))
          throw new Error(`--url needs an MQTT URL, got "${options.url}"`);
        break;
      case '--patients':
        options.patients = positiveInt(flag, value(), true);
        break;
      case '--interval':
        options.intervalMs = positiveInt(flag, value());
        break;
      case '--count':
        options.count = positiveInt(flag, value(), true);
        break;
      case '--seed':
        options.seed = positiveInt(flag, value(), true);
        break;
      case '--prefix':
        options.topicPrefix = value() ?? '';
        if (!options.topicPrefix || /[+#]/.test(options.topicPrefix))
          throw new Error('--prefix needs a topic without wildcards');
        break;
      case '--deteriorate': {
        const v = value();
        options.deteriorating = v === 'none' ? null : v;
        break;
      }
      case '--text-device': {
        const v = value();
        options.textDevice = v === 'none' ? null : v;
        break;
      }
      case '--deteriorate-over':
        options.deteriorateOverMs = positiveInt(flag, value()) * 1000;
        break;
      case '--plugs':
        plugs = true;
        break;
      case '--plug-interval':
        plugOptions.intervalMs = positiveInt(flag, value());
        break;
      case '--plug-day':
        plugOptions.daySeconds = positiveInt(flag, value());
        break;
      case '--plug-start': {
        const hour = positiveInt(flag, value(), true);
        if (hour > 23) throw new Error(`${flag} needs an hour from 0 to 23, got "${hour}"`);
        plugOptions.startHour = hour;
        break;
      }
      case '--plug-commands': {
        const v = value();
        if (v !== 'on' && v !== 'off') throw new Error(`${flag} needs "on" or "off", got "${v ?? ''}"`);
        plugOptions.obeyCommands = v === 'on';
        break;
      }
      case '--ble':
      case '--ble-encoding': {
        const e = flag === '--ble' ? (ble?.encoding ?? 'hex') : (value() as BleTextEncoding);
        if (!BLE_TEXT_ENCODINGS.includes(e))
          throw new Error(`--ble-encoding needs hex, base64 or mixed, got "${e ?? ''}"`);
        ble = { encoding: e };
        break;
      }
      default:
        throw new Error(`unknown option "${flag}" (see --help)`);
    }
  }
  const vitals = options.patients !== 0;
  if (!vitals && !plugs) throw new Error('--patients 0 leaves nothing to simulate (add --plugs)');
  const plugArgs: PlugSimulatorOptions | null = plugs
    ? {
        url: options.url,
        ...plugOptions,
        ...(options.count !== undefined ? { count: options.count } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      }
    : null;
  return { help, options, vitals, plugs: plugArgs, ...(ble ? { ble } : {}) };
}

/** One running simulator as main() sees it: adding a device family adds one of these. */
interface Run {
  ready: Promise<void>;
  done: Promise<void>;
  stop(): Promise<void>;
  started(): string;
  counts(): string;
}

async function main(): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`health-energy-sim: ${(err as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const onError = (err: Error) => process.stderr.write(`health-energy-sim: ${err.message}\n`);
  const o = args.options;
  const runs: Run[] = [];
  if (args.vitals) {
    const sim = args.ble ? startBleSimulator({ ...o, ...args.ble, onError }) : startSimulator({ ...o, onError });
    runs.push({
      ready: sim.ready,
      done: sim.done,
      stop: () => sim.stop(),
      started: () =>
        `publishing ${sim.patients.map((p) => p.id).join(', ')} to ${o.url} every ${o.intervalMs ?? 1000} ms`,
      counts: () => `${sim.published} readings`,
    });
  }
  if (args.plugs) {
    const sim = startPlugSimulator({ ...args.plugs, onError });
    runs.push({
      ready: sim.ready,
      done: sim.done,
      stop: () => sim.stop(),
      started: () =>
        `plugs ${sim.plugs.map((p) => p.id).join(', ')} on ${o.url}, a day in ${Math.round(86400 / sim.speed)} s`,
      counts: () => `${sim.published} plug messages, ${sim.commands} commands obeyed`,
    });
  }
  try {
    await Promise.all(runs.map((r) => r.ready));
  } catch (err) {
    process.stderr.write(`health-energy-sim: cannot connect to ${o.url}: ${(err as Error).message}\n`);
    await Promise.all(runs.map((r) => r.stop()));
    return 1;
  }
  for (const r of runs) process.stdout.write(`${r.started()}\n`);
  const counts = () => runs.map((r) => r.counts()).join(', ');
  const report = setInterval(() => process.stdout.write(`published ${counts()}\n`), 10000);
  const onSignal = () => void Promise.all(runs.map((r) => r.stop()));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await Promise.all(runs.map((r) => r.done));
  clearInterval(report);
  process.stdout.write(`stopped: ${counts()} published\n`);
  return 0;
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
