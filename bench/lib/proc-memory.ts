// A process's own memory from Linux's /proc/self/status: the resident set now (VmRSS) and its
// peak (VmHWM), which writing "5" to /proc/self/clear_refs resets to the current resident set,
// so a peak can be taken over one stretch of work instead of the whole life of the process.
import fs from 'fs';

/** A "<field>:  <n> kB" line of /proc/self/status, in bytes; NaN off Linux. */
export function statusBytes(field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Starts a new peak at the current resident set; false when the kernel does not allow it. */
export function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}
