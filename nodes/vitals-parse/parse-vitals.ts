// Entry point of vitals-parse's pure logic: any accepted payload → a Reading, or the one
// reason the whole message is refused. No Node-RED import; never throws.
import type { Limits, Reading } from '../lib/reading';
import { normaliseEntriesOf, normaliseObjectOf, type NormaliseResult, type Problem, type RawEntry } from './normalise';
import { RUNTIME_TEXT, explain, fill, type ReasonCode, type ReasonParams } from './reasons';
import { tokenizeLine } from './text-line';
import { isArrayBuffer, isUint8Array } from '../lib/plain-data';

/** One reading never needs more text than this; longer payloads are refused unread. */
export const MAX_TEXT_LENGTH = 64 * 1024;

/** What stays the same from message to message (a node's settings). */
export interface ParseSettings {
  /** Index into topic.split('/'); negative counts from the end (-1 = last). */
  topicSegment: number;
  limits: Limits;
  /** Receive time, used when the payload has no timestamp; a function is called only then. */
  now: Date | (() => Date);
  /** Only named in the message for a binary payload that reaches this text/JSON parser. */
  characteristicSegment?: number;
}

export interface ParseOptions extends ParseSettings {
  /** msg.topic, for the device id when the payload has none. */
  topic?: unknown;
}

export type ParseResult =
  | {
      ok: true;
      reading: Reading;
      /** Why each entry of reading.dropped was dropped, with the params for a message. */
      problems: Problem[];
    }
  | {
      ok: false;
      field: string;
      reason: ReasonCode;
      /** One readable English sentence. */
      message: string;
      params: ReasonParams;
      /** Further problems in the same message, beyond the one named. */
      more: number;
    };

export function fail(field: string, reason: ReasonCode, params: ReasonParams = {}, more = 0): ParseResult {
  const full = { field, ...params };
  const suffix = more > 0 ? ' ' + fill(RUNTIME_TEXT['errors.more'], { count: more }) : '';
  return { ok: false, field, reason, message: explain(reason, full) + suffix, params: full, more };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';

export function parseVitals(payload: unknown, opts: ParseOptions): ParseResult {
  return parseVitalsOf(payload, opts.topic, opts);
}

/** parseVitals with the topic apart from the settings, so that a node builds no options object per message. */
export function parseVitalsOf(payload: unknown, topic: unknown, opts: ParseSettings): ParseResult {
  let r: NormaliseResult;
  if (isUint8Array(payload) || isArrayBuffer(payload)) {
    // Bytes are read by the BLE path (parse-message.ts) once a characteristic is known.
    return fail('payload', 'no-characteristic', { detail: String(opts.characteristicSegment ?? -1) });
  }
  if (typeof payload === 'string') {
    if (payload.length > MAX_TEXT_LENGTH) {
      return fail('payload', 'too-long', { detail: String(payload.length), max: String(MAX_TEXT_LENGTH) });
    }
    const text = payload.trim();
    if (text === '') return fail('payload', 'unparseable', { detail: 'the text is empty' });
    const first = text.charCodeAt(0);
    if (first === 123 /* { */ || first === 91 /* [ */) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        return fail('payload', 'unparseable', { detail: `invalid JSON (${(err as Error).message})` });
      }
      if (!isPlainObject(parsed)) return fail('payload', 'wrong-type', { detail: 'a JSON array' });
      r = normaliseObjectOf(parsed, topic, opts);
    } else {
      const tokens = tokenizeLine(text);
      const entries: RawEntry[] = [];
      for (const t of tokens) if (t.value !== '') entries.push({ key: t.key, value: t.value, unit: t.unit });
      if (entries.length === 0) {
        return fail('payload', 'unparseable', { detail: 'no key=value pair found in the text' });
      }
      r = normaliseEntriesOf(entries, topic, opts);
    }
  } else if (isPlainObject(payload)) {
    r = normaliseObjectOf(payload, topic, opts);
  } else {
    const what = payload === null ? 'null' : Array.isArray(payload) ? 'an array' : payload === undefined ? 'missing' : `a ${typeof payload}`;
    return fail('payload', 'wrong-type', { detail: what });
  }

  // A kept reading already has the shape of a ParseResult: handed on as it is, not copied.
  if (r.ok) return r;
  const { field, reason, params } = r.problem;
  return fail(field, reason, params, r.more);
}
