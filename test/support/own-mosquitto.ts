// A broker that a fault test may stop and start: its own Mosquitto (/usr/sbin/mosquitto or on
// PATH) on a free loopback port with a temporary config and persistence folder. stop() sends
// SIGTERM (Mosquitto writes its persistence file on the way out) and start() runs it again on the
// same port. Only the process started here is ever signalled, by its PID. Without Mosquitto,
// an embedded Aedes whose in-memory persistence outlives a stop/start stands in.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';

export interface RestartableBroker {
  kind: 'mosquitto' | 'aedes';
  host: string;
  port: number;
  url: string;
  /** The running Mosquitto's process id (for its CPU time); undefined for Aedes or when stopped. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** Stops the broker as an outage would (SIGTERM for Mosquitto). */
  stop(): Promise<void>;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

export function mosquittoPath(): string | null {
  for (const p of ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto', '/usr/bin/mosquitto'])
    if (fs.existsSync(p)) return p;
  const which = spawnSync('sh', ['-c', 'command -v mosquitto'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, up: boolean, ms = 10000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host: '127.0.0.1' });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (open === up) return;
    if (Date.now() > end) throw new Error(`port ${port} still ${up ? 'closed' : 'open'} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface BrokerOptions {
  /**
   * Run Mosquitto in a process group of its own, so that a Ctrl-C in the terminal reaches only
   * the caller, which then stops it in its own order (the benchmarks). Tests leave it off: there
   * the terminal's Ctrl-C stops Mosquitto too, should the test runner not get to close().
   */
  ownProcessGroup?: boolean;
}

/**
 * @param extraConfig lines added to mosquitto.conf, e.g. ['max_queued_messages 10000'];
 *   nothing added keeps Mosquitto's defaults (max_queued_messages 1000, max_inflight_messages 20).
 */
export async function startRestartableBroker(
  extraConfig: string[] = [],
  options: BrokerOptions = {},
): Promise<RestartableBroker> {
  // FAULT_BROKER=aedes runs the fallback even where Mosquitto is installed.
  const bin = process.env.FAULT_BROKER === 'aedes' ? null : mosquittoPath();
  const port = await freePort();
  if (!bin) return startAedes(port);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest none',
      // Started as root, Mosquitto drops to the user "mosquitto", who could not write to this
      // private temporary folder, and would then keep no sessions across a restart.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      ...extraConfig,
      '',
    ].join('\n'),
  );
  let child: ChildProcess | null = null;
  const broker: RestartableBroker = {
    kind: 'mosquitto',
    host: '127.0.0.1',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (child) return;
      child = spawn(bin, ['-c', conf], { stdio: 'ignore', detached: options.ownProcessGroup === true });
      await waitForPort(port, true);
    },
    async stop() {
      const c = child;
      if (!c) return;
      child = null;
      // It may have gone already (a signal from elsewhere); its exit event would then never come.
      if (c.exitCode === null && c.signalCode === null) {
        const exited = new Promise((r) => c.once('exit', r));
        c.kill('SIGTERM');
        await exited;
      }
      await waitForPort(port, false);
    },
    async close() {
      await broker.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await broker.start();
  return broker;
}

async function startAedes(port: number): Promise<RestartableBroker> {
  const persistence = require('aedes-persistence')();
  const createAedes = require('aedes');
  let running: { aedes: any; server: net.Server } | null = null;
  const broker: RestartableBroker = {
    kind: 'aedes',
    host: '127.0.0.1',
    port,
    url: `mqtt://127.0.0.1:${port}`,
    pid: undefined,
    async start() {
      if (running) return;
      const aedes = createAedes({ persistence });
      const server = net.createServer(aedes.handle);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      running = { aedes, server };
    },
    async stop() {
      const r = running;
      if (!r) return;
      running = null;
      await new Promise<void>((resolve) => r.aedes.close(() => r.server.close(() => resolve())));
    },
    close: () => broker.stop(),
  };
  await broker.start();
  return broker;
}
