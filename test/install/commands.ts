// Child processes for the install test: one command at a time, output kept for the error
// message, a time bound after which the command is killed by its PID.
import { spawn } from 'child_process';

export interface Ran {
  out: string;
  ms: number;
}

export function run(cmd: string, args: string[], cwd: string, limitMs: number): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.once('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      const line = `${cmd} ${args.join(' ')} (in ${cwd})`;
      if (code === 0) resolve({ out, ms: Date.now() - t0 });
      else
        reject(new Error(`${line} ended with ${signal ?? `code ${code}`} after ${Date.now() - t0} ms\n${out}\n${err}`));
    });
  });
}
