// The text/JSON part: an object, a JSON text or a line such as "hr=72;spo2=98" → a Reading, bad
// values dropped with a reason. Only explicit units convert: 98.6 with no unit is out of range,
// never "probably °F", because guessing units is how wrong numbers reach a chart. Never throws.
import { MAX_IGNORED_KEYS, VITAL_NAMES, isVitalName, type Consciousness } from '../../lib/reading';
import type { DroppedVital, VitalName } from '../../lib/reading';
import { isArrayBuffer, isPlainObject, isUint8Array, PROTOTYPE_KEYS } from '../../lib/plain-data';
import { parseTimestamp } from '../../lib/time';
import { applyLimits, startReading, type ReadingOptions } from '../reading-rules';
import { dropInto, fail, failAll, showValue, type ParseResult, type Problem } from '../reasons';
import { CONSCIOUSNESS_WORDS, consciousnessOf, keyMeaning, onOxygenOf, type FieldKind } from './aliases';
import { coerceNumber, ForbiddenKey, refuseForbiddenKeys, toCanonical, valueUnit } from './coerce';
import { tokenizeLine } from './line';
import { parseQuantity } from './quantity';

export type { ReadingOptions as TextOptions } from '../reading-rules';

/** One reading never needs more text than this; longer payloads are refused unread. */
export const MAX_TEXT_LENGTH = 64 * 1024;

/** A key and its value: an object's own key, or a pair of a text line with the unit written beside it. */
type Entry = { key: string; value: unknown; unit?: string };

const ON_OXYGEN_ACCEPTED = 'true/false, yes/no, O2/air';
const CONSCIOUSNESS_ACCEPTED = `A, C, V, P, U or ${Object.values(CONSCIOUSNESS_WORDS)
  .flat()
  .filter((w) => w.length > 1)
  .join(', ')}`;
const BP_ACCEPTED = 'a pair such as 120/80, optionally with mmHg or kPa';

/** Everything one message's entries add up to, before the checks of the whole reading. */
class Found {
  values: Partial<Record<VitalName, number>> = {};
  /** The first different value of each vital given twice; most messages have none. */
  conflicts: Partial<Record<VitalName, number>> | undefined;
  dropped: DroppedVital[] = [];
  problems: Problem[] = [];
  drop = dropInto(this.dropped, this.problems);
  /** Units given by keys such as `tempUnit`, per field; most messages have none. */
  hints: Partial<Record<FieldKind, string>> | undefined;
  onOxygen: boolean | undefined;
  consciousness: Consciousness | undefined;
  /** The value and key of the best-ranked alias for the device id and the timestamp; the first for the patient. */
  ids: Partial<Record<'deviceId' | 'timestamp' | 'patientId', { rank: number; value: unknown; key: string }>> = {};
  /** Keys that gave the reading nothing, in the order they came (Reading.ignored); most messages have none. */
  ignored: string[] | undefined;
  ignoredMore = 0;

  ignore(key: string): void {
    this.ignored ??= [];
    if (this.ignored.length < MAX_IGNORED_KEYS) this.ignored.push(showValue(key));
    else this.ignoredMore++;
  }

  /** Of two keys for the same id or time, the better-ranked alias; the other one is ignored. */
  private better<T extends { rank: number; key: string }>(kept: T | undefined, next: T): T {
    if (kept === undefined) return next;
    const [win, lose] = next.rank < kept.rank ? [next, kept] : [kept, next];
    this.ignore(lose.key);
    return win;
  }

  set(vital: VitalName, value: number): void {
    const before = this.values[vital];
    if (before === undefined) this.values[vital] = value;
    else if (before !== value && this.conflicts?.[vital] === undefined) (this.conflicts ??= {})[vital] = value;
  }

  addVital(vital: VitalName, value: unknown, unit: string): void {
    const c = coerceNumber(value, unit);
    if (c.kind === 'absent') return;
    // A value without a unit is in the canonical unit already.
    const canonical = c.kind === 'ok' && c.unit !== '' ? toCanonical(vital, c.value, c.unit) : c;
    if (canonical.kind === 'ok') this.set(vital, canonical.value);
    else if (canonical.kind === 'bad') this.drop(vital, value, canonical.reason, { detail: canonical.detail });
  }

  addBloodPressure(value: unknown, unit: string): void {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return;
    if (typeof value === 'string') {
      const q = parseQuantity(value);
      if (q === undefined || q.second === undefined)
        return this.drop('bp', value, 'bad-value', { detail: BP_ACCEPTED });
      const u = valueUnit(q.unit, unit);
      const sys = typeof u === 'string' ? toCanonical('systolic', q.value, u) : u;
      const dia = typeof u === 'string' ? toCanonical('diastolic', q.second, u) : u;
      if (sys.kind === 'ok' && dia.kind === 'ok') {
        this.set('systolic', sys.value);
        this.set('diastolic', dia.value);
        return;
      }
      const bad = sys.kind === 'bad' ? sys : dia.kind === 'bad' ? dia : undefined;
      return this.drop('bp', value, bad?.reason ?? 'bad-unit', { detail: bad?.detail });
    }
    if (!isPlainObject(value)) return this.drop('bp', value, 'bad-value', { detail: BP_ACCEPTED });
    // {systolic, diastolic, mean, unit}: the same aliases as at the top level.
    refuseForbiddenKeys(value);
    const u = value.unit ?? value.units;
    const innerUnit = typeof u === 'string' ? u : unit;
    for (const [key, inner] of Object.entries(value)) {
      const meaning = keyMeaning(key);
      const vital = meaning.normalised === 'mean' ? 'meanArterial' : meaning.field;
      if (vital === 'systolic' || vital === 'diastolic' || vital === 'meanArterial')
        this.addVital(vital, inner, innerUnit);
    }
  }

  /** A word-valued key's value as `read` takes it, or dropped naming what is accepted. */
  choice<T>(field: string, value: unknown, read: (v: unknown) => T | undefined, accepted: string): T | undefined {
    const v = read(value);
    if (v === undefined) this.drop(field, value, 'bad-value', { detail: accepted });
    return v;
  }

  /** One known key's value; `given` is a unit written beside it ('' for none). */
  add(key: string, field: FieldKind, rank: number, value: unknown, given: string): void {
    const unit = given !== '' ? given : (this.hints?.[field] ?? '');
    if (isVitalName(field)) return this.addVital(field, value, unit);
    const blank = value === null || value === undefined || value === '';
    switch (field) {
      case 'bp':
        return this.addBloodPressure(value, unit);
      case 'onOxygen':
        if (!blank) this.onOxygen = this.choice(field, value, onOxygenOf, ON_OXYGEN_ACCEPTED) ?? this.onOxygen;
        return;
      case 'consciousness':
        if (!blank)
          this.consciousness = this.choice(field, value, consciousnessOf, CONSCIOUSNESS_ACCEPTED) ?? this.consciousness;
        return;
      default:
        this.ids[field] = this.better(this.ids[field], { rank: field === 'patientId' ? 0 : rank, value, key });
    }
  }
}

/** Entries → Reading, or the reason the message is refused. */
function normaliseEntries(entries: readonly Entry[], opts: ReadingOptions): ParseResult {
  // Unit hints first (`tempUnit: 'F'`), so that their place beside the value does not matter; a
  // forbidden key anywhere refuses the message before anything is read.
  const found = new Found();
  for (const { key, value } of entries) {
    if (PROTOTYPE_KEYS.has(key)) return fail(key, 'prototype-key');
    const hinted = keyMeaning(key).unitOf;
    if (hinted !== undefined && typeof value === 'string') (found.hints ??= {})[hinted] = value;
  }
  try {
    for (const { key, value, unit } of entries) {
      const { field, rank, unitOf } = keyMeaning(key);
      if (field !== undefined) found.add(key, field, rank, value, unit ?? '');
      // A unit key (`tempUnit: "F"`) is used when its value is text; anything else says nothing.
      else if (unitOf === undefined || typeof value !== 'string') found.ignore(key);
    }
  } catch (err) {
    if (err instanceof ForbiddenKey) return fail(err.key, 'prototype-key');
    throw err;
  }

  // A vital given twice with different values is neither: keep none of them.
  const { values, conflicts } = found;
  if (conflicts !== undefined) {
    for (const name of VITAL_NAMES) {
      const other = conflicts[name];
      if (other === undefined) continue;
      const kept = values[name];
      delete values[name];
      found.drop(name, kept, 'conflict', { value: String(kept), detail: String(other) });
    }
  }
  applyLimits(values, opts.limits, found.drop);
  if (
    !VITAL_NAMES.some((name) => values[name] !== undefined) &&
    found.onOxygen === undefined &&
    found.consciousness === undefined
  )
    return failAll(found.problems);

  const { deviceId, patientId, timestamp: time } = found.ids;
  let timestamp: string | undefined;
  if (time && time.value !== null && time.value !== undefined && time.value !== '') {
    const t = parseTimestamp(time.value);
    // Refused, never replaced by the receive time: a reading filed under the wrong time is worse than none.
    if (!t.ok)
      return fail('timestamp', 'bad-timestamp', { field: time.key, value: showValue(time.value), detail: t.detail });
    timestamp = t.iso;
  }
  const start = startReading(deviceId?.value, patientId?.value, timestamp, opts, true);
  if (!start.ok) return start;
  const reading = start.reading;
  for (const name of VITAL_NAMES) if (values[name] !== undefined) reading[name] = values[name];
  if (found.onOxygen !== undefined) reading.onOxygen = found.onOxygen;
  if (found.consciousness !== undefined) reading.consciousness = found.consciousness;
  if (found.dropped.length > 0) reading.dropped = found.dropped;
  if (found.ignored !== undefined) reading.ignored = found.ignored;
  if (found.ignoredMore > 0) reading.ignoredMore = found.ignoredMore;
  return { ok: true, reading, problems: found.problems };
}

/** An object whose own keys are the reading, from any realm (a function node's vm has its own). */
const isKeyedObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';

const entriesOf = (obj: Record<string, unknown>): Entry[] => Object.keys(obj).map((key) => ({ key, value: obj[key] }));

export function parseText(payload: unknown, opts: ReadingOptions): ParseResult {
  if (isKeyedObject(payload)) return normaliseEntries(entriesOf(payload), opts);
  // Bytes reach the Bluetooth part when their characteristic is known; these have none (the
  // topic part named is the node's default, the last).
  if (isUint8Array(payload) || isArrayBuffer(payload)) return fail('payload', 'no-characteristic', { detail: '-1' });
  if (typeof payload !== 'string') {
    const what =
      payload === null
        ? 'null'
        : Array.isArray(payload)
          ? 'an array'
          : payload === undefined
            ? 'missing'
            : `a ${typeof payload}`;
    return fail('payload', 'wrong-type', { detail: what });
  }
  if (payload.length > MAX_TEXT_LENGTH)
    return fail('payload', 'too-long', { detail: String(payload.length), max: String(MAX_TEXT_LENGTH) });
  const text = payload.trim();
  if (text === '') return fail('payload', 'unparseable', { detail: 'the text is empty' });
  if (text.startsWith('{') || text.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return fail('payload', 'unparseable', { detail: `invalid JSON (${(err as Error).message})` });
    }
    if (!isKeyedObject(parsed)) return fail('payload', 'wrong-type', { detail: 'a JSON array' });
    return normaliseEntries(entriesOf(parsed), opts);
  }
  const entries = tokenizeLine(text).filter((t) => t.value !== '');
  if (entries.length === 0) return fail('payload', 'unparseable', { detail: 'no key=value pair found in the text' });
  return normaliseEntries(entries, opts);
}
