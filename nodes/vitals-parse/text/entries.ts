// Key/value entries (an object's own keys, or the pairs of a text line) → a Reading: aliases
// resolved, units converted and rounded, plausibility limits applied, bad values dropped with a
// reason. Only explicit units convert: a temperature of 98.6 with no unit is out of range, never
// "probably °F", because guessing units is how wrong numbers reach a chart.
import {
  MAX_IGNORED_KEYS,
  VITAL_NAMES,
  isVitalName,
  type Consciousness,
  type DroppedVital,
  type Limits,
  type Reading,
  type VitalName,
} from '../../lib/reading';
import { parseTimestamp } from '../../lib/time';
import { fallbackIdFrom, idFrom, topicSegmentOf } from '../device-id';
import { applyLimits } from '../limits';
import { showValue, type ReasonCode, type ReasonParams } from '../reasons';
import { dropValue, fail, failAll, type ParseResult, type Problem } from '../result';
import {
  CONSCIOUSNESS_WORD_LIST,
  consciousnessFromWord,
  keyMeaning,
  onOxygenFromWord,
  type FieldKind,
  type KeyMeaning,
} from './aliases';
import { parseQuantity } from './quantity';
import { coerceNumber, forbiddenKeyIn, ForbiddenKey, sameUnit, toCanonical, unitClash } from './coerce';
import { isPlainObject, PROTOTYPE_KEYS } from '../../lib/plain-data';

export interface RawEntry {
  key: string;
  value: unknown;
  /** A unit given beside the value (a separate word in a text line). */
  unit?: string;
}

export interface NormaliseOptions {
  limits: Limits;
  /** Index into topic.split('/'); negative counts from the end (-1 = last). */
  topicSegment: number;
  /** msg.topic, for the device id when the payload has none. */
  topic?: unknown;
  /** Receive time, for a payload without a timestamp of its own; a function is called only then. */
  now: Date | (() => Date);
  /** The node's device id for a message that names none (payload and topic); called only then. */
  fallbackDeviceId?: () => unknown;
}

const ON_OXYGEN_ACCEPTED = 'true/false, yes/no, O2/air';
const CONSCIOUSNESS_ACCEPTED = 'A, C, V, P, U or ' + CONSCIOUSNESS_WORD_LIST.filter((w) => w.length > 1).join(', ');
const BP_ACCEPTED = 'a pair such as 120/80, optionally with mmHg or kPa';

/** Everything one message's entries add up to, before the checks of the whole reading. */
class Found {
  values: Partial<Record<VitalName, number>> = {};
  /** The first different value of each vital given twice. */
  conflicts: Partial<Record<VitalName, number>> = {};
  dropped: DroppedVital[] = [];
  problems: Problem[] = [];
  /** Units given by keys such as `tempUnit`, per field. */
  hints: Partial<Record<FieldKind, string>> = {};
  onOxygen: boolean | undefined;
  consciousness: Consciousness | undefined;
  /** The best-ranked alias's value (and its key) for the device id and the timestamp; the first for the patient. */
  device: { rank: number; value: unknown; key: string } | undefined;
  time: { rank: number; value: unknown; key: string } | undefined;
  patient: { value: unknown } | undefined;
  /** Keys that gave the reading nothing, in the order they came; see Reading.ignored. Made on the
   *  first such key: most messages have none. */
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

  drop(field: string, value: unknown, reason: ReasonCode, params: ReasonParams = {}): void {
    dropValue(this.dropped, this.problems, field, value, reason, params);
  }

  set(vital: VitalName, value: number): void {
    const before = this.values[vital];
    if (before === undefined) this.values[vital] = value;
    else if (before !== value && !(vital in this.conflicts)) this.conflicts[vital] = value;
  }

  addVital(vital: VitalName, value: unknown, unit: string): void {
    const c = coerceNumber(value, unit);
    if (c.kind === 'absent') return;
    const canonical = c.kind === 'ok' ? toCanonical(vital, c.value, c.unit) : c;
    if (canonical.kind === 'ok') this.set(vital, canonical.value);
    else if (canonical.kind === 'bad') this.drop(vital, value, canonical.reason, { detail: canonical.detail });
  }

  addBloodPressure(value: unknown, unit: string): void {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) return;
    if (typeof value === 'string') {
      const q = parseQuantity(value);
      if (q === undefined || q.second === undefined)
        return this.drop('bp', value, 'bad-value', { detail: BP_ACCEPTED });
      const clash = q.unit !== '' && unit !== '' && !sameUnit(q.unit, unit) ? unitClash(q.unit, unit) : undefined;
      const u = q.unit !== '' ? q.unit : unit;
      const sys = clash ?? toCanonical('systolic', q.value, u);
      const dia = clash ?? toCanonical('diastolic', q.second, u);
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
    const bad = forbiddenKeyIn(value);
    if (bad !== undefined) throw new ForbiddenKey(bad);
    const u = value.unit ?? value.units;
    const innerUnit = typeof u === 'string' ? u : unit;
    for (const [key, inner] of Object.entries(value)) {
      const meaning = keyMeaning(key);
      const vital = meaning.normalised === 'mean' ? 'meanArterial' : meaning.field;
      if (vital === 'systolic' || vital === 'diastolic' || vital === 'meanArterial')
        this.addVital(vital, inner, innerUnit);
    }
  }

  /** One known key's value; `given` is a unit written beside it ('' for none). */
  add(key: string, meaning: KeyMeaning & { field: FieldKind }, value: unknown, given: string): void {
    const { field, rank } = meaning;
    const unit = given !== '' ? given : (this.hints[field] ?? '');
    if (isVitalName(field)) return this.addVital(field, value, unit);
    const blank = value === null || value === undefined || value === '';
    switch (field) {
      case 'bp':
        return this.addBloodPressure(value, unit);
      case 'onOxygen': {
        if (blank) return;
        const on =
          typeof value === 'boolean'
            ? value
            : value === 1
              ? true
              : value === 0
                ? false
                : typeof value === 'string'
                  ? onOxygenFromWord(value)
                  : undefined;
        if (on === undefined) this.drop('onOxygen', value, 'bad-value', { detail: ON_OXYGEN_ACCEPTED });
        else this.onOxygen = on;
        return;
      }
      case 'consciousness': {
        if (blank) return;
        const level = typeof value === 'string' ? consciousnessFromWord(value) : undefined;
        if (level === undefined) this.drop('consciousness', value, 'bad-value', { detail: CONSCIOUSNESS_ACCEPTED });
        else this.consciousness = level;
        return;
      }
      case 'deviceId':
        this.device = this.better(this.device, { rank, value, key });
        return;
      case 'timestamp':
        this.time = this.better(this.time, { rank, value, key });
        return;
      case 'patientId':
        if (this.patient === undefined) this.patient = { value };
        else this.ignore(key);
        return;
    }
  }
}

const hasField = (m: KeyMeaning): m is KeyMeaning & { field: FieldKind } => m.field !== undefined;

/** Entries → Reading, or the reason the message is refused. Throws nothing. */
export function normaliseEntries(entries: readonly RawEntry[], opts: NormaliseOptions): ParseResult {
  // Unit hints first (`tempUnit: 'F'`), so that their place beside the value does not matter; a
  // forbidden key anywhere refuses the message before anything is read.
  const found = new Found();
  for (let i = 0; i < entries.length; i++) {
    const { key, value } = entries[i];
    if (PROTOTYPE_KEYS.has(key)) return fail(key, 'prototype-key');
    const hinted = keyMeaning(key).unitOf;
    if (hinted !== undefined && typeof value === 'string') found.hints[hinted] = value;
  }
  try {
    for (let i = 0; i < entries.length; i++) {
      const { key, value } = entries[i];
      const meaning = keyMeaning(key);
      if (hasField(meaning)) found.add(key, meaning, value, entries[i].unit ?? '');
      // A unit key (`tempUnit: "F"`) is used when its value is text; anything else says nothing.
      else if (meaning.unitOf === undefined || typeof value !== 'string') found.ignore(key);
    }
  } catch (err) {
    if (err instanceof ForbiddenKey) return fail(err.key, 'prototype-key');
    throw err;
  }

  // A vital given twice with different values is neither: keep none of them.
  const { values, conflicts } = found;
  for (const name of VITAL_NAMES) {
    if (!(name in conflicts)) continue;
    const kept = values[name];
    delete values[name];
    found.drop(name, kept, 'conflict', { value: String(kept), detail: String(conflicts[name]) });
  }
  applyLimits(values, opts.limits, (field, value, reason, params) => found.drop(field, value, reason, params));
  if (Object.keys(values).length === 0 && found.onOxygen === undefined && found.consciousness === undefined)
    return failAll(found.problems);

  let timestamp: string;
  const time = found.time?.value;
  if (time !== null && time !== undefined && time !== '') {
    const t = parseTimestamp(time);
    // Refused, never replaced by the receive time: a reading filed under the wrong time is worse than none.
    if (!t.ok)
      return fail('timestamp', 'bad-timestamp', {
        field: found.time?.key ?? 'timestamp',
        value: showValue(time),
        detail: t.detail,
      });
    timestamp = t.iso;
  } else {
    timestamp = (typeof opts.now === 'function' ? opts.now() : opts.now).toISOString();
  }

  const patientId = found.patient === undefined ? undefined : idFrom(found.patient.value);
  if (patientId === false) return fail('patientId', 'bad-id', { detail: showValue(found.patient?.value) });
  const ownId = found.device === undefined ? undefined : idFrom(found.device.value);
  if (ownId === false) return fail('deviceId', 'bad-id', { detail: showValue(found.device?.value) });
  const deviceId =
    ownId ?? patientId ?? topicSegmentOf(opts.topic, opts.topicSegment) ?? fallbackIdFrom(opts.fallbackDeviceId);
  if (deviceId === false) return fail('deviceId', 'bad-id', { detail: "the node's device id setting" });
  if (deviceId === undefined) return fail('deviceId', 'no-device-id', { detail: String(opts.topicSegment) });

  // Keys in a fixed order, so that debug output reads the same for every message.
  const reading: Reading = patientId === undefined ? { deviceId, timestamp } : { deviceId, patientId, timestamp };
  for (const name of VITAL_NAMES) if (values[name] !== undefined) reading[name] = values[name];
  if (found.onOxygen !== undefined) reading.onOxygen = found.onOxygen;
  if (found.consciousness !== undefined) reading.consciousness = found.consciousness;
  if (found.dropped.length > 0) reading.dropped = found.dropped;
  if (found.ignored !== undefined) reading.ignored = found.ignored;
  if (found.ignoredMore > 0) reading.ignoredMore = found.ignoredMore;
  return { ok: true, reading, problems: found.problems };
}
