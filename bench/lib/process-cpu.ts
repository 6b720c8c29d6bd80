// CPU time of other processes on this machine, for the pipeline benchmark's breakdown of where
// a message's CPU goes (Node-RED, publisher, broker). Linux /proc only; elsewhere, or when the
// process cannot be found or read, the figures are NaN and the report leaves them out.
import fs from 'fs';

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux kernel Node.js supports

/** User + system CPU time in ms from a /proc stat file, or NaN. */
function statCpuMs(file: string): number {
  try {
    // The command name in field 2 may hold spaces and parentheses: read after the last ')'.
    const stat = fs.readFileSync(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/** User + system CPU time of process `pid` in ms (all its threads), or NaN. */
export function processCpuMs(pid: number | undefined): number {
  return pid ? statCpuMs(`/proc/${pid}/stat`) : NaN;
}

/** User + system CPU time in ms of a process's main thread alone (the thread whose id is the pid), or NaN. */
export function mainThreadCpuMs(pid: number | undefined): number {
  return pid ? statCpuMs(`/proc/${pid}/task/${pid}/stat`) : NaN;
}

/**
 * Time in ms that a process's main thread spent runnable but waiting for a core (the second field
 * of /proc/<pid>/schedstat), or NaN: on a shared machine, how much the others held it back.
 */
export function mainThreadWaitMs(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    return Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

/** The pid of the process listening on 127.0.0.1/0.0.0.0:`port` over TCP (IPv4 or IPv6), or undefined. */
export function listenerPid(port: number): number | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = fs.readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT; state 0A is LISTEN; the inode is field 10.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1].split(':')[1], 16) === port) inodes.add(f[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // another user's process, or gone
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {
        // closed meanwhile
      }
    }
  }
  return undefined;
}
