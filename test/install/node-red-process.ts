// Node-RED as a user starts it (`node-red --userDir <dir>`), from the repository's own
// node-red dependency, as a child process: on 127.0.0.1 and a free port, telemetry and its
// update check off. Everything else is Node-RED's default settings.js, which it copies into
// the fresh user directory on first start.
import { ChildProcess, spawn } from 'child_process';
import { freePort } from '../support/own-mosquitto';

const RED_JS = require.resolve('node-red/red.js');

export interface NodeRed {
  base: string;
  pid: number;
  log(): string;
  stop(): Promise<void>;
}

function launch(userDir: string, port: number): { child: ChildProcess; log: () => string; exited: Promise<void> } {
  const child = spawn(
    process.execPath,
    [
      RED_JS,
      '--userDir',
      userDir,
      '--port',
      String(port),
      '-D',
      'uiHost=127.0.0.1',
      '-D',
      'telemetry.enabled=false',
      '-D',
      'telemetry.updateNotification=false',
    ],
    { cwd: userDir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, log: () => log, exited };
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { headers: { Accept: 'application/json' } });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Node-RED and waits until its admin API answers (node modules are loaded by then) and
 * it has started its flows (none, in a fresh user directory).
 */
export async function startNodeRed(userDir: string, readyWithinMs = 60000): Promise<NodeRed> {
  // The free port is found by binding port 0 and letting it go; if another process takes it
  // before Node-RED does, Node-RED exits with "port in use" and we try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const { child, log, exited } = launch(userDir, port);
    const base = `http://127.0.0.1:${port}`;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
        await exited;
        clearTimeout(killer);
      }
    };
    const end = Date.now() + readyWithinMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) break;
      if (/\[info\] Started flows/.test(log()) && (await answers(`${base}/nodes`)))
        return { base, pid: child.pid!, log, stop };
      if (Date.now() > end) {
        await stop();
        throw new Error(
          `Node-RED did not answer on ${base} within ${readyWithinMs} ms\n--- Node-RED log ---\n${log()}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await exited;
    if (!/port in use/i.test(log()) || attempt === 3) {
      throw new Error(`Node-RED exited (code ${child.exitCode}) before it answered\n--- Node-RED log ---\n${log()}`);
    }
  }
}
