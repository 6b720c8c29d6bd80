// The demo runtime (`npm start`'s dist/scripts/demo.js) as a child process for browser tests:
// its own embedded broker (the shared Mosquitto's traffic must not reach the dashboard),
// its own user and data folders, a free port.
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startEmbeddedBroker, TestBroker } from '../../support/broker';

const DEMO = path.resolve(__dirname, '..', '..', '..', 'scripts', 'demo.js');

export interface Demo {
  base: string;
  /** The demo's own broker, for a test that publishes or listens as a device would. */
  brokerUrl: string;
  tmp: string;
  output(): string;
  stop(): Promise<void>;
}

export interface DemoOptions {
  simIntervalMs?: number;
  /** Seconds until the deteriorating patient reaches its worst state. */
  deteriorateSeconds?: number;
  readyWithinMs?: number;
  /** More of the demo's settings (README, "Demo settings"), e.g. DEMO_STALE_S. */
  env?: Record<string, string>;
  /**
   * A folder of the caller's for the user directory and the data, kept at stop: a second demo
   * started on it is the first one restarted (its CSV files and persistent context).
   */
  dir?: string;
}

export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
  const broker: TestBroker = await startEmbeddedBroker();
  const tmp = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'he-browser-'));
  const child: ChildProcess = spawn(process.execPath, [DEMO], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      MQTT_URL: broker.url,
      DATA_DIR: path.join(tmp, 'data'),
      DEMO_USERDIR: path.join(tmp, 'userdir'),
      SIM_INTERVAL_MS: String(options.simIntervalMs ?? 500),
      SIM_DETERIORATE_S: String(options.deteriorateSeconds ?? 300),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const cleanup = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(killer);
    }
    await broker.close();
    if (options.dir === undefined) fs.rmSync(tmp, { recursive: true, force: true });
  };

  const limit = options.readyWithinMs ?? 60000;
  const end = Date.now() + limit;
  for (;;) {
    const ready = /demo ready: (http:\/\/\S+)/.exec(out);
    if (ready) return { base: ready[1], brokerUrl: broker.url, tmp, output: () => out, stop: cleanup };
    if (child.exitCode !== null || Date.now() > end) {
      await cleanup();
      throw new Error(`the demo did not become ready within ${limit} ms\n--- demo output ---\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
