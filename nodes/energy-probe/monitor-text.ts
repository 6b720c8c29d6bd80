// Samples other hosts send as text, as the project's energy seed (a psutil script) publishes them:
// "CPU Usage: 12.5%, Memory Usage: 43.1%", in the shape of an energy-probe sample. The text says
// nothing about power, so the sample says so (watts null, method "none") rather than estimating
// watts from a load whose host it does not know.
import { roundTo } from '../lib/units';

/** A monitor line is one short sentence; anything longer is not one. */
export const MAX_MONITOR_TEXT = 1024;
const MAX_IGNORED = 20;

// Labels compared lower case without spaces, `_`, `-` and `.`: "CPU Usage", "cpu_percent".
const CPU_LABELS = new Set(['cpuusage', 'cpu', 'cpuload', 'cpupercent', 'cpuutilization']);
const MEMORY_LABELS = new Set(['memoryusage', 'memory', 'mem', 'memusage', 'memorypercent', 'ram', 'ramusage']);

const PART = /^([^:=]{1,60}?)\s*[:=]\s*(.*)$/;
const PERCENT = /^([+-]?\d+(?:\.\d+)?)\s*%?$/;

const fail = (reason: string) => ({ ok: false as const, reason });
const cut = (s: string): string => (s.length > 40 ? s.slice(0, 37) + '...' : s);

/**
 * The text (a string or Buffer) as a sample of `host` at `now`. Parts are separated by commas or
 * semicolons, in any order; CPU is required, memory optional; a figure is a number from 0 to 100,
 * with or without `%`. Never throws.
 */
export function parseMonitorText(payload: unknown, host: string, now: Date) {
  const text = Buffer.isBuffer(payload) ? payload.toString('utf8') : payload;
  if (typeof text !== 'string')
    return fail(`the payload is ${payload === null ? 'null' : typeof payload}, not monitor text`);
  if (text.length > MAX_MONITOR_TEXT)
    return fail(`the text is ${text.length} characters long, more than ${MAX_MONITOR_TEXT}`);
  let cpu: number | undefined;
  let memory: number | undefined;
  const ignored: string[] = [];
  for (const raw of text.split(/[,;]/)) {
    const part = raw.trim();
    if (part === '') continue;
    const m = PART.exec(part);
    if (m === null) return fail(`"${cut(part)}" is not "label: value"`);
    const label = m[1].toLowerCase().replace(/[\s_.-]+/g, '');
    const isCpu = CPU_LABELS.has(label);
    if (!isCpu && !MEMORY_LABELS.has(label)) {
      if (ignored.length < MAX_IGNORED) ignored.push(cut(m[1].trim()));
      continue;
    }
    const v = PERCENT.exec(m[2].trim());
    const value = v === null ? NaN : Number(v[1]);
    if (!(value >= 0 && value <= 100))
      return fail(`${m[1].trim()} "${cut(m[2].trim())}" is not a percentage from 0 to 100`);
    if (isCpu) cpu = value;
    else memory = value;
  }
  if (cpu === undefined) return fail('the text has no CPU figure (such as "CPU Usage: 12.5%")');
  const sample = {
    host,
    timestamp: now.toISOString(), // when the text arrived: it carries no time of its own
    cpu: { load: roundTo(cpu, 2) },
    power: { watts: null, method: 'none' },
    ...(memory !== undefined && { memory: { usedPercent: roundTo(memory, 2) } }),
    ...(ignored.length > 0 && { ignored }), // labels not known here, as vitals-parse lists unused keys
  };
  return { ok: true as const, sample };
}
