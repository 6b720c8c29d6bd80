// A fake procfs in a temporary folder: /proc/stat's "cpu" line and a <pid>/stat (and cmdline)
// per process, written in the kernel's layout, so the reader is tested on the files it reads.
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface FakeProcess {
  name: string;
  /** user + system ticks so far (split 3:1 between the two fields, as they are added anyway). */
  ticks: number;
  start?: number;
  cmdline?: string[];
}

export class FakeProc {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fake-proc-'));
  /** The host's ticks so far: busy (user + system) and idle. */
  busy = 0;
  idle = 0;
  iowait = 0;

  constructor() {
    this.writeHost();
  }

  /** Moves the host's counters on, as the kernel would between two samples. */
  host(busy: number, idle: number, iowait = 0): void {
    this.busy += busy;
    this.idle += idle;
    this.iowait += iowait;
    this.writeHost();
  }

  private writeHost(): void {
    const user = Math.ceil(this.busy / 2);
    const system = this.busy - user;
    const lines = [
      `cpu  ${user} 0 ${system} ${this.idle} ${this.iowait} 0 0 0 0 0`,
      `cpu0 ${user} 0 ${system} ${this.idle} ${this.iowait} 0 0 0 0 0`,
      'intr 1 2 3',
    ];
    fs.writeFileSync(path.join(this.root, 'stat'), lines.join('\n') + '\n');
  }

  /** Writes (or rewrites) a process's stat and cmdline. */
  set(pid: number, p: FakeProcess): void {
    const dir = path.join(this.root, String(pid));
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(path.join(dir, 'stat'), { recursive: true, force: true });
    const utime = Math.floor((p.ticks * 3) / 4);
    const stime = p.ticks - utime;
    // Fields 3..52 of proc(5): state, ppid ... utime (14), stime (15) ... starttime (22) ...
    const fields = ['S', 1, pid, pid, 0, -1, 4194560, 10, 0, 0, 0, utime, stime, 0, 0, 20, 0, 1, 0, p.start ?? 100];
    const rest = new Array(30).fill(0);
    fs.writeFileSync(path.join(dir, 'stat'), `${pid} (${p.name}) ${[...fields, ...rest].join(' ')}\n`);
    fs.writeFileSync(path.join(dir, 'cmdline'), p.cmdline ? p.cmdline.join('\0') + '\0' : '');
  }

  /** A process that ended: its folder is gone. */
  end(pid: number): void {
    fs.rmSync(path.join(this.root, String(pid)), { recursive: true, force: true });
  }

  /** A pid folder whose stat cannot be read (here: a folder where the file should be). */
  unreadable(pid: number): void {
    this.end(pid);
    fs.mkdirSync(path.join(this.root, String(pid), 'stat'), { recursive: true });
  }

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
