// The demo's settings from the environment, checked before anything starts.
import path from 'path';

export interface DemoConfig {
  host: string;
  port: number;
  mqttUrl?: string;
  /** Where a local broker is looked for, and where the embedded one listens. */
  brokerPort: number;
  dataDir: string;
  userDir: string;
  /** The example flows the demo runs (every .json file in it). */
  examplesDir: string;
  /** DEMO_STALE_S: the health example's stale time for the demo, s; undefined keeps the example's. */
  staleSeconds?: number;
  simulator: false | { intervalMs: number; patients: number; seed: number; deteriorateOverMs: number };
  plugs: false | { intervalMs: number; daySeconds: number; seed: number };
  ble: false | { intervalMs: number; patients: number; seed: number; idPrefix: string };
}

/**
 * The BLE simulator's patients get ids of their own (ble-p-001, ...): the same numbers as the
 * health simulator's would read as the same people, with other values.
 */
export const DEMO_BLE_ID_PREFIX = 'ble-';

/**
 * The demo's deteriorating patient reaches the worst state in 60 s (the simulator's own default
 * is 5 min), so that the NEWS2 alarm shows on the dashboard within a minute of the start.
 */
export const DEMO_DETERIORATE_S = 60;

const isOff = (v: string | undefined) => /^(0|off|false|no)$/i.test(v ?? '');

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

export function configFromEnv(env: NodeJS.ProcessEnv, repoRoot: string, cwd = process.cwd()): DemoConfig {
  return {
    host: env.HOST || '127.0.0.1',
    port: intFrom(env, 'PORT', 1880, 0, 65535),
    mqttUrl: env.MQTT_URL || undefined,
    brokerPort: intFrom(env, 'DEMO_BROKER_PORT', 1883, 1, 65535),
    dataDir: path.resolve(cwd, env.DATA_DIR || 'data'),
    userDir: path.resolve(cwd, env.DEMO_USERDIR || path.join(repoRoot, '.demo-userdir')),
    examplesDir: path.resolve(cwd, env.DEMO_EXAMPLES || path.join(repoRoot, 'examples')),
    staleSeconds: env.DEMO_STALE_S ? intFrom(env, 'DEMO_STALE_S', 120, 1, 86_400) : undefined,
    simulator: isOff(env.SIM)
      ? false
      : {
          intervalMs: intFrom(env, 'SIM_INTERVAL_MS', 1000, 10, 3_600_000),
          patients: intFrom(env, 'SIM_PATIENTS', 4, 1, 100),
          seed: intFrom(env, 'SIM_SEED', 1, 0, 2 ** 32 - 1),
          deteriorateOverMs: intFrom(env, 'SIM_DETERIORATE_S', DEMO_DETERIORATE_S, 1, 86_400) * 1000,
        },
    plugs:
      isOff(env.SIM) || isOff(env.SIM_PLUGS)
        ? false
        : {
            intervalMs: intFrom(env, 'SIM_PLUG_INTERVAL_MS', 2000, 10, 3_600_000),
            daySeconds: intFrom(env, 'SIM_PLUG_DAY_S', 600, 10, 86_400),
            seed: intFrom(env, 'SIM_SEED', 1, 0, 2 ** 32 - 1),
          },
    ble:
      isOff(env.SIM) || isOff(env.SIM_BLE)
        ? false
        : {
            intervalMs: intFrom(env, 'SIM_BLE_INTERVAL_MS', 5000, 10, 3_600_000),
            patients: intFrom(env, 'SIM_BLE_PATIENTS', 2, 1, 100),
            seed: intFrom(env, 'SIM_SEED', 1, 0, 2 ** 32 - 1),
            idPrefix: DEMO_BLE_ID_PREFIX,
          },
  };
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
