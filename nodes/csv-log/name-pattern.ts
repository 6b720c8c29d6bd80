// File name patterns for csv-log: date/time tokens (%Y %m %d %H %M, %%) and message
// field tokens ({{payload.deviceId}}, the same paths Node-RED's template node uses).
// Pure: the clock is a parameter, no Node-RED, no file system.
import { ownPathValue } from '../lib/msg-path';
import { PROTOTYPE_KEYS } from '../lib/plain-data';

export type TimeZone = 'local' | 'utc';

/** A pattern the node cannot use; `code` picks a translated text. */
export class PatternError extends Error {
  constructor(
    readonly code: 'bad-token' | 'bad-field' | 'field-missing' | 'field-type' | 'field-empty',
    readonly detail: string,
    message: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

type DateToken = 'Y' | 'm' | 'd' | 'H' | 'M';
type Part =
  { kind: 'text'; text: string } | { kind: 'date'; token: DateToken } | { kind: 'field'; path: string; keys: string[] };

const DATE_TOKENS = new Set(['Y', 'm', 'd', 'H', 'M']);
// A token: %x, or {{...}} up to the first "}}" (group 3 empty when it is never closed).
const TOKEN = /%([^]?)|\{\{([^]*?)(\}\}|$)/g;
// A dotted message path: names of letters, digits, _ $ and -, no brackets, no prototype keys.
const FIELD_PATH = /^[\p{L}\p{N}_$-]+(?:\.[\p{L}\p{N}_$-]+)*$/u;
/** Longest field value kept in a name, in characters. */
const MAX_FIELD_LENGTH = 64;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export class NamePattern {
  readonly hasDate: boolean;
  readonly hasFields: boolean;

  private constructor(
    readonly source: string,
    private readonly parts: Part[],
    readonly timeZone: TimeZone,
  ) {
    this.hasDate = parts.some((p) => p.kind === 'date');
    this.hasFields = parts.some((p) => p.kind === 'field');
  }

  /** Parse a pattern; throws PatternError for an unknown %-token or a malformed {{field}}. */
  static compile(source: string, timeZone: TimeZone = 'local'): NamePattern {
    const parts: Part[] = [];
    let text = '';
    let end = 0;
    for (const m of source.matchAll(TOKEN)) {
      text += source.slice(end, m.index);
      end = m.index + m[0].length;
      if (m[1] === '%') {
        text += '%';
        continue;
      }
      if (text) parts.push({ kind: 'text', text });
      text = '';
      if (m[0][0] === '%') {
        const t = m[1];
        if (!DATE_TOKENS.has(t)) {
          throw new PatternError(
            'bad-token',
            `%${t}`,
            `unknown token "%${t}" in file name pattern (use %Y %m %d %H %M or %%)`,
          );
        }
        parts.push({ kind: 'date', token: t as DateToken });
        continue;
      }
      const path = m[2].trim();
      const keys = path.split('.');
      if (!m[3] || !FIELD_PATH.test(path) || keys.some((k) => PROTOTYPE_KEYS.has(k))) {
        const shown = m[3] ? m[0] : source.slice(m.index, m.index + 20);
        throw new PatternError(
          'bad-field',
          shown,
          `field token ${JSON.stringify(shown)} is not {{name}} or {{payload.name}}`,
        );
      }
      parts.push({ kind: 'field', path, keys });
    }
    text += source.slice(end);
    if (text) parts.push({ kind: 'text', text });
    return new NamePattern(source, parts, timeZone);
  }

  /** The file name for a message at time `now` (ms since epoch); throws PatternError for a bad field. */
  expand(msg: unknown, now: number): string {
    const d = new Date(now);
    const utc = this.timeZone === 'utc';
    return this.parts
      .map((p) => {
        if (p.kind === 'text') return p.text;
        if (p.kind === 'field') return fieldText(msg, p.path, p.keys);
        return dateText(d, p.token, utc);
      })
      .join('');
  }

  /**
   * A regular expression per folder level that matches every name this pattern can
   * produce at that level (date tokens as digits, field tokens as any sanitised text);
   * null when the pattern steps up with "..", which retention then refuses to follow.
   */
  segmentMatchers(): RegExp[] | null {
    const kept = this.levels(false).filter((s) => s !== '');
    if (kept.includes('\\.\\.')) return null;
    return kept.filter((s) => s !== '\\.').map((s) => new RegExp(`^${s}$`, 'u'));
  }

  /**
   * The time a name this pattern wrote stands for, from its date tokens: [start, end) in ms,
   * as long as the finest token (a day for %Y-%m-%d). `name` is relative to the base folder,
   * folders separated by "/". Null when the name does not fit the pattern, or the pattern
   * lacks a coarser token than its finest one (%d without %Y), so no span can be told.
   */
  spanOf(name: string): { start: number; end: number } | null {
    const tokens: string[] = this.parts.flatMap((p) => (p.kind === 'date' ? [p.token] : []));
    const source = this.levels(true).join('/');
    const m = new RegExp(`^(?:\\./)?${source}$`, 'u').exec(name);
    if (m === null || !tokens.includes('Y')) return null;
    const value: Record<string, number> = { Y: 0, m: 1, d: 1, H: 0, M: 0 };
    tokens.forEach((t, i) => (value[t] = Number(m[i + 1])));
    const order = ['Y', 'm', 'd', 'H', 'M'];
    let finest = 0;
    while (finest + 1 < order.length && tokens.includes(order[finest + 1])) finest++;
    if (tokens.some((t) => order.indexOf(t) > finest)) return null;
    const at = (step: number) => {
      const f = [value.Y, value.m - 1, value.d, value.H, value.M];
      f[finest] += step;
      return this.timeZone === 'utc'
        ? Date.UTC(f[0], f[1], f[2], f[3], f[4])
        : new Date(f[0], f[1], f[2], f[3], f[4]).getTime();
    };
    return { start: at(0), end: at(1) };
  }

  /** The pattern as regular-expression text, one per folder level; date tokens captured when `capture`. */
  private levels(capture: boolean): string[] {
    const levels = [''];
    for (const p of this.parts) {
      if (p.kind === 'text') {
        p.text.split(/[\\/]+/).forEach((piece, k) => {
          if (k > 0) levels.push('');
          levels[levels.length - 1] += escapeRegExp(piece);
        });
      } else if (p.kind === 'field') {
        levels[levels.length - 1] += '[^/\\\\]+';
      } else {
        const digits = p.token === 'Y' ? '\\d{4}' : '\\d{2}';
        levels[levels.length - 1] += capture ? `(${digits})` : digits;
      }
    }
    return levels;
  }
}

/** One date token of `d`, in local time or UTC. */
function dateText(d: Date, token: DateToken, utc: boolean): string {
  switch (token) {
    case 'Y':
      return String(utc ? d.getUTCFullYear() : d.getFullYear()).padStart(4, '0');
    case 'm':
      return pad2((utc ? d.getUTCMonth() : d.getMonth()) + 1);
    case 'd':
      return pad2(utc ? d.getUTCDate() : d.getDate());
    case 'H':
      return pad2(utc ? d.getUTCHours() : d.getHours());
    default:
      return pad2(utc ? d.getUTCMinutes() : d.getMinutes());
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function fieldText(msg: unknown, path: string, keys: string[]): string {
  const v = ownPathValue(msg, keys);
  if (v === undefined) {
    throw new PatternError('field-missing', path, `file name field {{${path}}} is missing from the message`);
  }
  const finite = typeof v === 'number' && Number.isFinite(v);
  if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'bigint' && !finite) {
    const type = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    throw new PatternError('field-type', path, `file name field {{${path}}} must be text or a number, got ${type}`);
  }
  const clean = sanitiseField(String(v));
  if (clean === '') throw new PatternError('field-empty', path, `file name field {{${path}}} is empty`);
  return clean;
}

/**
 * Make a message value safe as (part of) one file name: no folder separators, no
 * characters Windows refuses, no control characters or spaces (each becomes "_"), no
 * leading dot (so neither ".." nor hidden files), at most MAX_FIELD_LENGTH characters.
 * The whole name still goes through the safe-path check afterwards (device names...).
 */
export function sanitiseField(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this replaces
  let s = text.normalize('NFC').replace(/[\\/<>:"|?*%{}\u0000-\u001f\u007f\s]/g, '_');
  s = s.replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  const chars = Array.from(s);
  if (chars.length > MAX_FIELD_LENGTH) s = chars.slice(0, MAX_FIELD_LENGTH).join('');
  return s;
}
