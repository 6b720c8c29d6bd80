// Which broker a benchmark uses: MQTT_URL when set; else a broker already answering on
// 127.0.0.1:1883 (as .ci/run does: the machine's Mosquitto); else an embedded Aedes in a
// child process. The figures say which one it was.
import { fork, spawn } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { listenerPid } from './process-cpu';
import { freePort, mosquittoPath } from '../../test/support/own-mosquitto';

export interface BenchBroker {
  url: string;
  host: string;
  port: number;
  kind: 'MQTT_URL' | 'local 1883' | 'embedded Aedes' | 'own Mosquitto';
  /** The broker's process when it runs on this machine and can be found (for its CPU time). */
  pid?: number;
  close(): Promise<void>;
}

function answers(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.setTimeout(500);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

export async function chooseBenchBroker(env: NodeJS.ProcessEnv = process.env): Promise<BenchBroker> {
  if (env.MQTT_URL) {
    const u = new URL(env.MQTT_URL);
    const port = Number(u.port || 1883);
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
    return {
      url: env.MQTT_URL,
      host: u.hostname,
      port,
      kind: 'MQTT_URL',
      pid: local ? listenerPid(port) : undefined,
      close: async () => {},
    };
  }
  if (await answers(1883)) {
    return {
      url: 'mqtt://127.0.0.1:1883',
      host: '127.0.0.1',
      port: 1883,
      kind: 'local 1883',
      pid: listenerPid(1883),
      close: async () => {},
    };
  }
  return startAedesChild();
}

async function startAedesChild(): Promise<BenchBroker> {
  const child = fork(path.join(__dirname, 'aedes-child.js'), ['0'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`aedes child exited ${code}`)));
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    kind: 'embedded Aedes',
    pid: child.pid,
    close: async () => {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/**
 * A broker for runs whose publisher does not wait for the flow: a Mosquitto of this run's own
 * on a free port, with max_queued_messages raised to `queued` so that the broker keeps every
 * message it has acknowledged until Node-RED takes it (the machine's Mosquitto, with its
 * default of 1000, would drop the rest of a burst, and the loss would not be Node-RED's).
 * Without Mosquitto, an embedded Aedes in a process of its own (it has no such limit).
 */
export async function startBurstBroker(queued: number): Promise<BenchBroker> {
  const bin = mosquittoPath();
  if (!bin) return startAedesChild();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-bench-mosquitto-'));
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'log_dest none',
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      `max_queued_messages ${queued}`,
      '',
    ].join('\n'),
  );
  const child = spawn(bin, ['-c', conf], { stdio: 'ignore' });
  for (let i = 0; !(await answers(port)); i++) {
    if (i > 100) {
      child.kill('SIGTERM');
      throw new Error(`Mosquitto did not listen on ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `mqtt://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    kind: 'own Mosquitto',
    pid: child.pid,
    close: async () => {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
