// The real Node-RED command (node_modules/node-red/red.js) as a child process with a user
// directory of its own, the working tree linked into <userDir>/node_modules so that Node-RED
// loads the pack as an installed module, and its editor and admin API on a loopback port that
// Node-RED picks (port 0). A fault test
// can stop it as Ctrl-C does (SIGINT: red.js stops the runtime, nodes close, then it exits),
// kill it (SIGKILL), start it again on the same user directory, and deploy through the admin
// API. Only the process started here is ever signalled, by its PID.
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const RED_JS = require.resolve('node-red/red.js');
const PACKAGE = 'node-red-contrib-health-energy';

export interface NodeRedOptions {
  userDir: string;
  flows: unknown[];
  /** Environment of the process; HE_MQTT_CLIENT_ID is left out unless given here. */
  env?: Record<string, string>;
  logLevel?: string;
}

export class NodeRedProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null = null;
  private log = '';
  /** The admin API's base URL of the running process, e.g. http://127.0.0.1:41234/ */
  base = '';

  constructor(private readonly options: NodeRedOptions) {
    const dir = options.userDir;
    fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
    const link = path.join(dir, 'node_modules', PACKAGE);
    fs.rmSync(link, { force: true, recursive: true });
    fs.symlinkSync(repoRoot, link, 'dir');
    fs.writeFileSync(path.join(dir, 'flows.json'), JSON.stringify(options.flows, null, 2));
    const settings = {
      uiHost: '127.0.0.1',
      uiPort: 0,
      flowFile: 'flows.json',
      credentialSecret: false,
      httpAdminRoot: '/',
      httpNodeRoot: false,
      telemetry: { enabled: false, updateNotification: false },
      externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
      // The shared node_modules also holds Dashboard 2.0; the flow does not use it.
      nodesExcludes: ['node-red-dashboard'],
      editorTheme: { tours: false, projects: { enabled: false } },
      logging: { console: { level: options.logLevel ?? 'info', metrics: false, audit: false } },
    };
    fs.writeFileSync(path.join(dir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  }

  get pid(): number {
    return this.child?.pid ?? -1;
  }

  /** Everything the process wrote to stdout and stderr, over every start. */
  output(): string {
    return this.log;
  }

  /** Starts Node-RED and resolves once its flows have started and its admin API listens. */
  async start(timeoutMs = 60000): Promise<void> {
    if (this.child) throw new Error('Node-RED is already running');
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    delete env.HE_MQTT_CLIENT_ID;
    Object.assign(env, this.options.env ?? {});
    const from = this.log.length;
    const child = spawn(
      process.execPath,
      [RED_JS, '--userDir', this.options.userDir, '--settings', path.join(this.options.userDir, 'settings.js')],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stdout.on('data', (d: Buffer) => (this.log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (this.log += d.toString()));
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.child = null;
        resolve({ code, signal });
      }),
    );
    const end = Date.now() + timeoutMs;
    for (;;) {
      const since = this.log.slice(from);
      const listening = /Server now running at (http:\/\/\S+)/.exec(since);
      if (listening && /Started flows/.test(since)) {
        this.base = listening[1].endsWith('/') ? listening[1] : `${listening[1]}/`;
        return;
      }
      if (!this.child || Date.now() > end) {
        await this.kill();
        throw new Error(`Node-RED did not start within ${timeoutMs} ms\n${since.slice(-3000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Ctrl-C: SIGINT, and red.js stops the runtime (every node's close handler) before it exits. */
  async stopGracefully(timeoutMs = 30000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) throw new Error('Node-RED is not running');
    child.kill('SIGINT');
    const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const result = await exited;
    clearTimeout(guard);
    return result;
  }

  /** SIGKILL: the process ends at once; nothing in it runs any more. */
  async kill(): Promise<void> {
    const child = this.child;
    const exited = this.exited;
    if (!child || !exited) return;
    child.kill('SIGKILL');
    await exited;
  }

  /** A full deploy of the flows it runs, as the editor's Deploy button in "Full" mode sends it. */
  async deployFull(): Promise<{ rev: string }> {
    const got = await fetch(`${this.base}flows`, { headers: { 'Node-RED-API-Version': 'v2' } });
    if (!got.ok) throw new Error(`GET /flows: ${got.status}`);
    const current = (await got.json()) as { rev: string; flows: unknown[] };
    const posted = await fetch(`${this.base}flows`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify(current),
    });
    if (!posted.ok) throw new Error(`POST /flows: ${posted.status} ${await posted.text()}`);
    return (await posted.json()) as { rev: string };
  }
}
