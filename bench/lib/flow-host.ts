// A child process that runs one embedded Node-RED (require('node-red'), RED.init with a settings
// object, the flow in <userDir>/flows.json) and answers its parent over IPC. Node-RED is one
// runtime per process, so every benchmark variant and fault scenario gets a host of its own,
// and the parent (publisher, broker control, assertions) never shares a CPU thread with it.
//
// Counting is done by a tiny `bench-sink` node type that this host installs in <userDir>/nodes:
// it counts each message per sink id, keeps a few samples, and can stamp the time at which a
// count is reached. It does no more work than a no-op node, so it is the floor of every variant.
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { HostCommand, HostEvent, SinkSample } from './host-protocol';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const PACKAGE = 'node-red-contrib-health-energy';

const SINK_JS = `module.exports = function (RED) {
  function BenchSink(config) {
    RED.nodes.createNode(this, config);
    const hook = globalThis.__benchSink;
    const id = this.id;
    this.on('input', function (msg, send, done) { hook(id, msg); done(); });
  }
  RED.nodes.registerType('bench-sink', BenchSink);
};
`;
// Passes the message on untouched: what one extra hop costs in Node-RED.
const NOOP_JS = `module.exports = function (RED) {
  function BenchNoop(config) {
    RED.nodes.createNode(this, config);
    this.on('input', function (msg, send, done) { send(msg); done(); });
  }
  RED.nodes.registerType('bench-noop', BenchNoop);
};
`;
const editorFile = (type: string, inputs: number, outputs: number) =>
  `<script type="text/javascript">RED.nodes.registerType('${type}',{category:'bench',defaults:{name:{value:''}},inputs:${inputs},outputs:${outputs},label:function(){return this.name||'${type}';}});</script>\n`;

interface Sink {
  count: number;
  /** Messages with an error.message that is a non-empty string (what a Catch node passes on). */
  withReason: number;
  samples: SinkSample[];
  marks: { at: number; resolve: (ms: number, cpu: number) => void }[];
  /** The lowest count a mark waits for (Infinity when none): the clocks are read only then. */
  nextMark: number;
  progressEvery: number;
}

const sinks = new Map<string, Sink>();
const lowestMark = (s: Sink) => s.marks.reduce((low, m) => Math.min(low, m.at), Infinity);
let ignoreTopic: RegExp | null = null;

function sinkOf(id: string): Sink {
  let s = sinks.get(id);
  if (!s) {
    s = { count: 0, withReason: 0, samples: [], marks: [], nextMark: Infinity, progressEvery: 0 };
    sinks.set(id, s);
  }
  return s;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
/** CPU time of this process so far: robust where wall time is not, on a machine others share. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const send = (ev: HostEvent) => process.send?.(ev);

(globalThis as { __benchSink?: unknown }).__benchSink = (id: string, msg: Record<string, any>) => {
  if (ignoreTopic && typeof msg.topic === 'string' && ignoreTopic.test(msg.topic)) {
    send({ ev: 'probe', sink: id });
    return;
  }
  const s = sinkOf(id);
  s.count++;
  const reason = msg.error?.message;
  if (typeof reason === 'string' && reason.trim() !== '') s.withReason++;
  if (s.samples.length < 20) {
    s.samples.push({
      topic: typeof msg.topic === 'string' ? msg.topic.slice(0, 120) : undefined,
      error: typeof reason === 'string' ? reason.slice(0, 300) : undefined,
      source: msg.error?.source?.type,
    });
  }
  // Reading the clocks costs a system call (process.cpuUsage): far more than a hop. Doing it per
  // message while a mark waited made it most of the measured loop, and most of its noise.
  if (s.count >= s.nextMark) {
    const t = nowMs();
    const c = cpuMs();
    s.marks = s.marks.filter((m) => {
      if (s.count < m.at) return true;
      m.resolve(t, c);
      return false;
    });
    s.nextMark = lowestMark(s);
  }
  if (s.progressEvery > 0 && s.count % s.progressEvery === 0) send({ ev: 'progress', sink: id, count: s.count });
};

let RED: any;
let userDir = '';

function prepareUserDir(dir: string, flows: unknown[], withPack: boolean): void {
  fs.mkdirSync(path.join(dir, 'nodes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'nodes', 'bench-sink.js'), SINK_JS);
  fs.writeFileSync(path.join(dir, 'nodes', 'bench-sink.html'), editorFile('bench-sink', 1, 0));
  fs.writeFileSync(path.join(dir, 'nodes', 'bench-noop.js'), NOOP_JS);
  fs.writeFileSync(path.join(dir, 'nodes', 'bench-noop.html'), editorFile('bench-noop', 1, 1));
  const link = path.join(dir, 'node_modules', PACKAGE);
  fs.rmSync(link, { force: true, recursive: true });
  if (withPack) {
    // Loaded as an installed module, exactly as a user's Node-RED loads it.
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync(repoRoot, link, 'dir');
  }
  // Node-RED tells flow nodes from config nodes by their x/y position.
  const placed = (flows as Record<string, unknown>[]).map((n, i) =>
    n.type === 'tab' || !('z' in n) || 'x' in n
      ? n
      : { ...n, x: 100 + (i % 10) * 150, y: 40 + Math.floor(i / 10) * 60 },
  );
  fs.writeFileSync(path.join(dir, 'flows.json'), JSON.stringify(placed));
}

async function start(cmd: Extract<HostCommand, { cmd: 'start' }>): Promise<void> {
  userDir = cmd.userDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'he-host-'));
  prepareUserDir(userDir, cmd.flows, cmd.withPack !== false);
  ignoreTopic = cmd.ignoreTopic ? new RegExp(cmd.ignoreTopic) : null;
  for (const [id, every] of Object.entries(cmd.progressEvery ?? {})) sinkOf(id).progressEvery = every;

  const t0 = nowMs();
  const cpu0 = process.cpuUsage();
  RED = require('node-red');
  const cpuRequired = process.cpuUsage(cpu0);
  const tRequired = nowMs();
  RED.init({
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    // No editor, no admin API, no HTTP server: only the flow runtime is measured.
    httpAdminRoot: false,
    httpNodeRoot: false,
    disableEditor: true,
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
    // The shared node_modules also holds Dashboard 2.0; only the pack under test is wanted.
    nodesExcludes: ['node-red-dashboard'],
    logging: { console: { level: cmd.logLevel ?? 'off', metrics: false, audit: false } },
    // benchSeen(sinkId): how many messages a sink has counted, for generators that keep a window.
    functionGlobalContext: { ...(cmd.globals ?? {}), benchSeen: (id: string) => sinks.get(id)?.count ?? 0 },
    contextStorage: cmd.contextStorage,
  });
  const flowsStarted = new Promise<void>((resolve) => RED.events.once('flows:started', () => resolve()));
  await RED.start();
  await flowsStarted;
  const tStarted = nowMs();
  const cpuStarted = process.cpuUsage(cpu0);
  const startCpuMs = (cpuStarted.user + cpuStarted.system - cpuRequired.user - cpuRequired.system) / 1000;
  const nodeList = RED.nodes.getNodeList();
  const missing = nodeList.filter((n: any) => n.err).map((n: any) => `${n.id}: ${n.err}`);
  const packTypes = nodeList
    .filter((n: any) => n.module === PACKAGE && !n.err)
    .flatMap((n: any) => n.types ?? []).length;
  send({ ev: 'started', requireMs: tRequired - t0, startMs: tStarted - tRequired, startCpuMs, missing, packTypes });
}

function memory(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
  const m = process.memoryUsage();
  send({ ev: 'memory', heapUsed: m.heapUsed, rss: m.rss, external: m.external, gc: !!g });
}

async function stop(): Promise<void> {
  if (RED) await RED.stop();
  send({ ev: 'stopped' });
  if (userDir && !process.env.KEEP_USERDIR) fs.rmSync(userDir, { recursive: true, force: true });
  // Node-RED leaves timers and sockets behind after stop(); this process has done its job.
  setTimeout(() => process.exit(0), 50);
}

process.on('message', (cmd: HostCommand) => {
  const fail = (err: Error) => send({ ev: 'error', message: err.stack ?? String(err) });
  switch (cmd.cmd) {
    case 'start':
      start(cmd).catch(fail);
      break;
    case 'counts':
      send({
        ev: 'counts',
        sinks: Object.fromEntries(
          [...sinks].map(([id, s]) => [id, { count: s.count, withReason: s.withReason, samples: s.samples }]),
        ),
      });
      break;
    case 'mark': {
      const s = sinkOf(cmd.sink);
      const reply = (at: number, ms: number, cpu: number) => send({ ev: 'mark', sink: cmd.sink, at, ms, cpuMs: cpu });
      for (const at of cmd.at) {
        if (s.count >= at) reply(at, nowMs(), cpuMs());
        else s.marks.push({ at, resolve: (ms, cpu) => reply(at, ms, cpu) });
      }
      s.nextMark = lowestMark(s);
      break;
    }
    case 'trigger': {
      // Starts a generator node; the time is taken here so that IPC latency is not measured.
      const node = RED.nodes.getNode(cmd.node);
      if (!node) return fail(new Error(`no node ${cmd.node}`));
      send({ ev: 'triggered', node: cmd.node, ms: nowMs(), cpuMs: cpuMs() });
      node.receive({ payload: cmd.payload ?? null });
      break;
    }
    case 'reset':
      for (const s of sinks.values()) {
        s.count = 0;
        s.withReason = 0;
        s.samples = [];
      }
      send({ ev: 'reset' });
      break;
    case 'memory':
      memory();
      break;
    case 'stop':
      stop().catch(fail);
      break;
  }
});

process.on('uncaughtException', (err) => {
  send({ ev: 'crash', message: err.stack ?? String(err) });
  process.exit(70);
});
