// A query message (msg.payload) with the node's settings as defaults, checked and turned into
// the range, keys and output runQuery() takes. Every mistake is a RequestError naming the
// field, never a silent default. Pure: the clock is a parameter.
import { isPlainObject } from '../lib/plain-data';
import { parseTimestamp } from '../lib/time';
import type { Interval } from './intervals';
import type { HistoryQuery, Output } from './query';

export const OUTPUTS: readonly Output[] = ['series', 'summary', 'rows'];
export const INTERVALS: readonly Interval[] = ['hour', 'day'];
/** Most points per series and rows per message a query may ask for. */
export const MAX_POINTS = 100000;

export class RequestError extends Error {
  override name = 'RequestError';
}

/** The part of a HistoryQuery a message decides. */
export type Request = Required<
  Pick<HistoryQuery, 'from' | 'to' | 'keys' | 'columns' | 'output' | 'points' | 'interval' | 'files' | 'spo2Scale'>
>;
/** The node's settings for what a message leaves out; `lastMs`: the default range ending now. */
export type RequestDefaults = Pick<Request, 'output' | 'points' | 'interval' | 'spo2Scale'> & { lastMs: number };

const FIELDS = ['from', 'to', 'last', 'keys', 'columns', 'output', 'points', 'interval', 'files', 'spo2Scale'];
const UNIT_MS: Record<string, number> = { s: 1000, m: 60000, h: 3600000, d: 86400000 };

/** "24h", "7d", "90m", "30s", or a number of seconds → ms; NaN when it is none of these. */
export function durationMs(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v * 1000 : NaN;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(v) : null;
  if (m === null || !(Number(m[1]) > 0)) return NaN;
  return Number(m[1]) * UNIT_MS[m[2] || 's'];
}

const shown = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 60);

function time(v: unknown, field: string): number {
  const r = parseTimestamp(v);
  if (!r.ok) throw new RequestError(`${field} ${shown(v)} is not a time: ${r.detail}`);
  return r.ms;
}

function names(v: unknown, field: string): string[] | null {
  if (v === undefined || v === null) return null;
  // A number names what the file holds as its digits (device 101 is written 101).
  const text = (k: unknown) => (typeof k === 'number' && Number.isFinite(k) ? String(k) : k);
  const list = Array.isArray(v) ? v.map(text) : [text(v)];
  if (list.length === 0 || !list.every((k) => typeof k === 'string' && k !== '')) {
    throw new RequestError(`${field} must be a text or a list of texts, got ${shown(v)}`);
  }
  return [...new Set(list as string[])];
}

function choice<T extends string>(v: unknown, field: string, choices: readonly T[], fallback: T): T {
  if (v === undefined || v === null) return fallback;
  if (choices.includes(v as T)) return v as T;
  throw new RequestError(`${field} must be one of ${choices.join(', ')}, got ${shown(v)}`);
}

/** The query in `payload`, every field optional; a payload that is no object (an inject's timestamp) asks for the defaults. */
export function parseRequest(payload: unknown, d: RequestDefaults, now: number): Request {
  if (Array.isArray(payload)) throw new RequestError('msg.payload must be a query object, got a list');
  const q: Record<string, unknown> = isPlainObject(payload) ? payload : {};
  const unknown = Object.keys(q).find((field) => !FIELDS.includes(field));
  if (unknown !== undefined) {
    throw new RequestError(`unknown query field "${unknown}" (known: ${FIELDS.join(', ')})`);
  }
  if (q.from !== undefined && q.last !== undefined) throw new RequestError('give either from or last, not both');
  const lastMs = q.last === undefined ? d.lastMs : durationMs(q.last);
  if (Number.isNaN(lastMs)) {
    throw new RequestError(`last must be like "24h", "7d", "90m" or seconds, got ${shown(q.last)}`);
  }
  const to = q.to === undefined ? now : time(q.to, 'to');
  const from = q.from === undefined ? to - lastMs : time(q.from, 'from');
  if (!(from < to)) throw new RequestError('from must be before to');
  const points = q.points ?? d.points;
  const fits = typeof points === 'number' && Number.isInteger(points) && points >= 2 && points <= MAX_POINTS;
  if (q.points != null && !fits) {
    throw new RequestError(`points must be a whole number from 2 to ${MAX_POINTS}, got ${shown(points)}`);
  }
  const scale = q.spo2Scale === undefined ? d.spo2Scale : q.spo2Scale;
  if (scale !== 1 && scale !== 2) throw new RequestError(`spo2Scale must be 1 or 2, got ${shown(scale)}`);
  return {
    from,
    to,
    keys: q.keys === 'all' ? null : names(q.keys, 'keys'),
    columns: names(q.columns, 'columns'),
    output: choice(q.output, 'output', OUTPUTS, d.output),
    points: points as number,
    interval: choice(q.interval, 'interval', INTERVALS, d.interval),
    files: names(q.files, 'files'),
    spo2Scale: scale,
  };
}
