// Which broker a benchmark uses: MQTT_URL when set; else a broker already answering on
// 127.0.0.1:1883 (as .ci/run does: the machine's Mosquitto); else an embedded Aedes in a
// child process. The figures say which one it was.
import { fork } from 'child_process';
import net from 'net';
import path from 'path';
import { listenerPid } from './process-cpu';

export interface BenchBroker {
  url: string;
  host: string;
  port: number;
  kind: 'MQTT_URL' | 'local 1883' | 'embedded Aedes';
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
    return { url: env.MQTT_URL, host: u.hostname, port, kind: 'MQTT_URL', pid: local ? listenerPid(port) : undefined, close: async () => {} };
  }
  if (await answers(1883)) {
    return { url: 'mqtt://127.0.0.1:1883', host: '127.0.0.1', port: 1883, kind: 'local 1883', pid: listenerPid(1883), close: async () => {} };
  }
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
