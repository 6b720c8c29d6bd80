// What a long benchmark started, stopped again whatever happens: steps registered as things
// start, run newest first when the run ends, fails or is interrupted (Ctrl-C, SIGTERM). Child
// processes run in process groups of their own (ChildRun below), so a Ctrl-C in the terminal
// reaches only the benchmark, which stops each of them by its pid, in order.
import { ChildProcess, spawn } from 'child_process';

export class Cleanup {
  private steps: { what: string; run: () => unknown }[] = [];

  /** `run` may return a promise: runAll() waits for it. */
  add(what: string, run: () => unknown): void {
    this.steps.push({ what, run });
  }

  /** Runs every step, newest first; a failing step is reported and the others still run. */
  async runAll(log: (line: string) => void = () => {}): Promise<void> {
    while (this.steps.length) {
      const step = this.steps.pop()!;
      try {
        await step.run();
      } catch (err) {
        log(`cleanup: ${step.what}: ${(err as Error).message}`);
      }
    }
  }
}

export interface ChildRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last 64 KiB of its stdout and stderr. */
  output(): string;
  /**
   * Resolves with the match and Date.now() when the output first matches `pattern` (at the
   * moment the output came, not when someone looked); rejects if it exits first.
   */
  when(pattern: RegExp): Promise<{ match: RegExpExecArray; at: number }>;
  readonly exited: Promise<number | null>;
  /** Date.now() when it exited; NaN while it runs. */
  exitedAt(): number;
  running(): boolean;
  /** Sends `signal`, waits up to graceMs for the exit, then SIGKILL. */
  stop(signal: NodeJS.Signals, graceMs: number): Promise<void>;
}

const KEEP = 64 * 1024;

export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv): ChildRun {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  let waiters: {
    pattern: RegExp;
    resolve: (v: { match: RegExpExecArray; at: number }) => void;
    reject: (err: Error) => void;
  }[] = [];
  const take = (d: Buffer) => {
    out += d.toString();
    if (out.length > 2 * KEEP) out = out.slice(-KEEP);
    if (waiters.length === 0) return;
    const at = Date.now();
    waiters = waiters.filter((w) => {
      const match = w.pattern.exec(out);
      if (match) w.resolve({ match, at });
      return !match;
    });
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  let done = false;
  let endedAt = NaN;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      done = true;
      endedAt = Date.now();
      for (const w of waiters)
        w.reject(new Error(`exited (${code ?? child.signalCode}) before its output matched ${w.pattern}`));
      waiters = [];
      resolve(code);
    });
    child.once('error', (err) => {
      done = true;
      take(Buffer.from(`\n${err.message}\n`));
      resolve(null);
    });
  });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const pid = child.pid;
  return {
    child,
    pid,
    output: () => out.slice(-KEEP),
    when: (pattern) =>
      new Promise((resolve, reject) => {
        const match = pattern.exec(out);
        if (match) resolve({ match, at: Date.now() });
        else if (done) reject(new Error(`exited before its output matched ${pattern}`));
        else waiters.push({ pattern, resolve, reject });
      }),
    exited,
    exitedAt: () => endedAt,
    running: () => !done,
    async stop(signal, graceMs) {
      if (done) return;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (!done) child.kill('SIGKILL');
          resolve();
        }, graceMs);
      });
      await Promise.race([exited, late]);
      clearTimeout(timer);
      await exited;
    },
  };
}

/**
 * On SIGINT or SIGTERM: runs the cleanup, then exits with 130 or 143. A second signal while that
 * runs calls `kill` (which should SIGKILL what is left, by pid) and exits at once.
 */
export function exitCleanlyOnSignals(cleanup: Cleanup, kill: () => void, log: (line: string) => void): void {
  let stopping = false;
  const on = (signal: NodeJS.Signals, code: number) => {
    process.on(signal, () => {
      if (stopping) {
        log(`${signal} again: killing what is left`);
        kill();
        process.exit(code);
      }
      stopping = true;
      log(`${signal}: stopping everything this benchmark started`);
      void cleanup.runAll(log).finally(() => process.exit(code));
    });
  };
  on('SIGINT', 130);
  on('SIGTERM', 143);
}
