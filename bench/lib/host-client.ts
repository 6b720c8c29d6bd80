// Parent side of a flow host: forks dist/bench/lib/flow-host.js and wraps its IPC in promises.
import { ChildProcess, fork } from 'child_process';
import path from 'path';
import type { HostCommand, HostEvent, SinkCounts } from './host-protocol';

type StartOptions = Omit<Extract<HostCommand, { cmd: 'start' }>, 'cmd'> & {
  /** Extra node flags for the host, e.g. ['--expose-gc'] or ['--cpu-prof']. */
  execArgv?: string[];
  /** How long Node-RED may take to start. */
  startTimeoutMs?: number;
};

export class FlowHost {
  private readonly listeners = new Set<(ev: HostEvent) => void>();
  private exited = false;
  /** Set when the host printed to stderr or crashed: shown in errors. */
  stderr = '';

  private constructor(readonly child: ChildProcess) {
    child.on('message', (ev: HostEvent) => {
      for (const l of [...this.listeners]) l(ev);
    });
    child.stderr?.on('data', (d: Buffer) => {
      if (this.stderr.length < 20000) this.stderr += d.toString();
    });
    child.on('exit', () => {
      this.exited = true;
      for (const l of [...this.listeners]) l({ ev: 'crash', message: `host exited ${this.stderr.slice(-2000)}` });
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }
  get alive(): boolean {
    return !this.exited;
  }

  static async start(
    options: StartOptions,
  ): Promise<{ host: FlowHost; started: Extract<HostEvent, { ev: 'started' }> }> {
    const { execArgv = [], startTimeoutMs = 60000, ...start } = options;
    const child = fork(path.join(__dirname, 'flow-host.js'), [], {
      execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    const host = new FlowHost(child);
    const started = await host.request({ cmd: 'start', ...start }, (ev) => ev.ev === 'started', startTimeoutMs);
    return { host, started: started as Extract<HostEvent, { ev: 'started' }> };
  }

  on(listener: (ev: HostEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  send(cmd: HostCommand): void {
    if (!this.exited) this.child.send(cmd);
  }

  /** Sends a command and resolves with the first event that `match` accepts. */
  request(cmd: HostCommand | null, match: (ev: HostEvent) => boolean, timeoutMs = 60000): Promise<HostEvent> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`flow host: no answer to ${cmd?.cmd ?? 'wait'} within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((ev) => {
        if (ev.ev === 'error' || ev.ev === 'crash') {
          clearTimeout(timer);
          off();
          reject(new Error(`flow host ${ev.ev}: ${ev.message}`));
        } else if (match(ev)) {
          clearTimeout(timer);
          off();
          resolve(ev);
        }
      });
      if (cmd) this.send(cmd);
    });
  }

  async counts(): Promise<Record<string, SinkCounts>> {
    const ev = await this.request({ cmd: 'counts' }, (e) => e.ev === 'counts');
    return (ev as Extract<HostEvent, { ev: 'counts' }>).sinks;
  }

  async count(sink: string): Promise<number> {
    return (await this.counts())[sink]?.count ?? 0;
  }

  /** Resolves with the host's clock (ms) at the moment `sink` has counted `at` messages. */
  async mark(sink: string, at: number, timeoutMs: number): Promise<number> {
    return (await this.markBoth(sink, at, timeoutMs)).ms;
  }

  /** As mark(), with the host's CPU time (ms) at that moment too. */
  async markBoth(sink: string, at: number, timeoutMs: number): Promise<{ ms: number; cpuMs: number }> {
    const ev = await this.request(
      { cmd: 'mark', sink, at: [at] },
      (e) => e.ev === 'mark' && e.sink === sink && e.at === at,
      timeoutMs,
    );
    const m = ev as Extract<HostEvent, { ev: 'mark' }>;
    return { ms: m.ms, cpuMs: m.cpuMs };
  }

  /** Triggers a generator and waits until `sink` has counted `expect` more messages: ms taken. */
  async timedRun(generator: string, sink: string, expect: number, timeoutMs: number): Promise<number> {
    return (await this.measuredRun(generator, sink, expect, timeoutMs)).ms;
  }

  /** As timedRun(), with the host's CPU time for the run: wall ms and CPU ms. */
  async measuredRun(
    generator: string,
    sink: string,
    expect: number,
    timeoutMs: number,
  ): Promise<{ ms: number; cpuMs: number }> {
    await this.request({ cmd: 'reset' }, (e) => e.ev === 'reset');
    const done = this.markBoth(sink, expect, timeoutMs);
    const trig = (await this.request({ cmd: 'trigger', node: generator }, (e) => e.ev === 'triggered')) as Extract<
      HostEvent,
      { ev: 'triggered' }
    >;
    const end = await done;
    return { ms: end.ms - trig.ms, cpuMs: end.cpuMs - trig.cpuMs };
  }

  async memory(): Promise<Extract<HostEvent, { ev: 'memory' }>> {
    return (await this.request({ cmd: 'memory' }, (e) => e.ev === 'memory')) as Extract<HostEvent, { ev: 'memory' }>;
  }

  /** Stops Node-RED (nodes close, csv-log writes what is queued) and waits for the process to end. */
  async stop(timeoutMs = 30000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.request({ cmd: 'stop' }, (e) => e.ev === 'stopped', timeoutMs);
    } catch {
      this.kill();
    }
    await exited;
  }

  kill(): void {
    if (!this.exited && this.child.pid) this.child.kill('SIGKILL');
  }
}
