// The history benchmark's data: a week of vital signs from 100 patients, one reading per
// patient about every 60 s (1,000,000 rows), written as the health example's csv-log writes
// vitals.csv: its columns (read from examples/health-monitoring.json), a BOM, the header once,
// CRLF records, ISO 8601 UTC times, quoted JSON cells and formula-guarded text, all through the
// pack's own encoder. The file is kept in a temp folder and reused while its row count, size and
// generator version still match.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { encodeHeader, encodeRow, UTF8_BOM } from '../../nodes/lib/csv-encode';
import { VITAL_NAMES } from '../../nodes/lib/reading';
import { Random, seededRandom } from '../../sim/random';
import { assess } from '../../nodes/news2/score';
import { hasAnyVital, readInputs } from '../../nodes/news2/input';

/** Bump when the rows change, so that an older cached file is written again. */
const GENERATOR_VERSION = 3;

export const PATIENTS = 100;
export const ROWS = 1_000_000;
export const WEEK_START = Date.UTC(2026, 10, 23); // Monday 23 November 2026, 00:00 UTC
export const WEEK_MS = 7 * 86_400_000;

/** The columns the health example's csv-log writes to vitals.csv (its typed column list). */
export function exampleColumns(repoRoot: string): string[] {
  const flow = JSON.parse(fs.readFileSync(path.join(repoRoot, 'examples', 'health-monitoring.json'), 'utf8')) as {
    type: string;
    filename?: string;
    columnDefs?: { name: string }[];
  }[];
  const log = flow.find((n) => n.type === 'he-csv-log' && /^vitals/.test(n.filename ?? ''));
  if (!log?.columnDefs) throw new Error('examples/health-monitoring.json has no he-csv-log node writing vitals');
  return log.columnDefs.map((d) => d.name);
}

interface Patient {
  deviceId: string;
  patientId: string;
  /** A text-line monitor: no respiratory rate, consciousness or oxygen flag. */
  textLine: boolean;
  offsetMs: number;
  hr: number;
  rr: number;
  spo2: number;
  temp: number;
  sys: number;
  dia: number;
}

function patients(random: Random): Patient[] {
  const list: Patient[] = [];
  for (let i = 1; i <= PATIENTS; i++) {
    const n = String(i).padStart(3, '0');
    // A few ids as people type them: a phone number and a bed tag start with + and @, which
    // csv-log guards against formula injection, so the reader has to undo the guard.
    const patientId = i % 40 === 7 ? `+82-10-5555-0${n}` : i % 40 === 23 ? `@bed-${n}` : `MRN-00${n}`;
    list.push({
      deviceId: `p-${n}`,
      patientId,
      textLine: i % 10 === 2,
      offsetMs: 5_000 + Math.floor(random() * 50_000),
      hr: 60 + random() * 40,
      rr: 12 + random() * 8,
      spo2: 94 + random() * 5,
      temp: 36.3 + random() * 1.2,
      sys: 105 + random() * 40,
      dia: 65 + random() * 20,
    });
  }
  return list;
}

/** A bounded random walk: one step of at most `step`, kept inside [low, high]. */
function walk(value: number, random: Random, step: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value + (random() * 2 - 1) * step));
}

/** The columns reading() can fill (a reading leaves a column empty when its device has no such value). */
const FILLED = new Set([
  'timestamp',
  'deviceId',
  'patientId',
  ...VITAL_NAMES,
  'onOxygen',
  'consciousness',
  'dropped',
  'news2Total',
  'news2Band',
]);

/** One reading as vitals-parse puts it on msg.payload (the csv-log node writes the columns it names). */
function reading(p: Patient, at: number, round: number, random: Random): Record<string, unknown> {
  p.hr = walk(p.hr, random, 3, 38, 150);
  p.rr = walk(p.rr, random, 1, 6, 32);
  p.spo2 = walk(p.spo2, random, 0.6, 84, 100);
  p.temp = walk(p.temp, random, 0.05, 34.8, 40.2);
  p.sys = walk(p.sys, random, 3, 80, 200);
  p.dia = walk(p.dia, random, 2, 45, Math.min(120, p.sys - 20));
  const systolic = Math.round(p.sys);
  const diastolic = Math.round(p.dia);
  const row: Record<string, unknown> = {
    timestamp: new Date(at).toISOString(),
    deviceId: p.deviceId,
    patientId: p.patientId,
    heartRate: Math.round(p.hr),
    spo2: Math.round(p.spo2),
    temperature: Math.round(p.temp * 10) / 10,
    systolic,
    diastolic,
    meanArterial: Math.round(((systolic + 2 * diastolic) / 3) * 10) / 10,
  };
  if (!p.textLine) {
    row.respiratoryRate = Math.round(p.rr);
    row.onOxygen = p.spo2 < 90;
    row.consciousness = p.temp > 39.5 ? 'C' : 'A';
  }
  // A glucose meter about once an hour, a scale once a day.
  if (round % 60 === 17) row.glucose = Math.round((4.5 + random() * 4) * 10) / 10;
  if (round % 1440 === 300) row.weight = Math.round((55 + random() * 40) * 10) / 10;
  // Now and then a value the parser refused: kept out of the vitals, listed in `dropped` (JSON,
  // so a quoted cell with doubled quotes).
  if (random() < 0.001) {
    delete row.heartRate;
    row.dropped = [{ field: 'heartRate', value: 400, reason: 'out-of-range' }];
  }
  // The example's csv-log sits after news2 and logs its total and band (scale 1, as the example).
  const inputs = readInputs(row);
  if (inputs.ok && hasAnyVital(inputs.value)) {
    const { total, band } = assess(inputs.value, 1);
    row.news2Total = total;
    row.news2Band = band;
  }
  return row;
}

/**
 * Writes the rows in time order, as a csv-log node fed by the ward's devices would append them:
 * each round every patient reads once, at its own offset plus a few seconds of jitter. A round
 * lasts a week / 10,000; `rounds` below 10,000 writes the first part of the week.
 */
export function writeVitals(file: string, columns: readonly string[], rounds = ROWS / PATIENTS): void {
  const unknown = columns.filter((c) => !FILLED.has(c));
  if (unknown.length) {
    throw new Error(`the health example logs ${unknown.join(', ')}, which bench/lib/history-data.ts does not fill yet`);
  }
  // Seeded, so that every run writes the same file.
  const random = seededRandom(18);
  const list = patients(random);
  const roundMs = (WEEK_MS * PATIENTS) / ROWS;
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, UTF8_BOM + encodeHeader(columns));
    for (let round = 0; round < rounds; round++) {
      const due = list.map((p) => ({
        p,
        at: Math.round(WEEK_START + round * roundMs + p.offsetMs + (random() - 0.5) * 8_000),
      }));
      due.sort((a, b) => a.at - b.at);
      let text = '';
      for (const { p, at } of due) text += encodeRow(reading(p, at, round, random), columns);
      fs.writeSync(fd, text);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Records in a CSV file: line feeds minus the header's (a quoted cell here never holds one). */
export function countRows(file: string): number {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let i = buf.indexOf(10, 0);
      while (i !== -1 && i < n) {
        lines++;
        i = buf.indexOf(10, i + 1);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines - 1;
}

export interface Dataset {
  folder: string;
  file: string;
  name: string;
  rows: number;
  bytes: number;
  columns: string[];
  /** Whether this run wrote it (else it was reused), and how long writing it took. */
  written: boolean;
  writeSeconds: number;
}

interface Meta {
  version: number;
  rows: number;
  bytes: number;
  columns: string[];
}

/** The cached file, written first when it is missing or no longer matches. */
export function ensureVitals(repoRoot: string, folder = path.join(os.tmpdir(), 'he-bench-history')): Dataset {
  const columns = exampleColumns(repoRoot);
  const name = 'vitals.csv';
  const file = path.join(folder, name);
  const metaFile = path.join(folder, 'vitals.meta.json');
  fs.mkdirSync(folder, { recursive: true });
  let meta: Meta | undefined;
  try {
    meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
  } catch {
    meta = undefined;
  }
  const bytes = fs.existsSync(file) ? fs.statSync(file).size : -1;
  const matches =
    meta !== undefined &&
    meta.version === GENERATOR_VERSION &&
    meta.bytes === bytes &&
    meta.columns.join(',') === columns.join(',') &&
    countRows(file) === ROWS;
  if (matches) return { folder, file, name, rows: ROWS, bytes, columns, written: false, writeSeconds: 0 };
  const t0 = process.hrtime.bigint();
  writeVitals(file, columns);
  const writeSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rows = countRows(file);
  if (rows !== ROWS) throw new Error(`${file}: wrote ${rows} rows, expected ${ROWS}`);
  const written: Meta = { version: GENERATOR_VERSION, rows, bytes: fs.statSync(file).size, columns };
  fs.writeFileSync(metaFile, JSON.stringify(written));
  return { folder, file, name, rows, bytes: written.bytes, columns, written: true, writeSeconds };
}
