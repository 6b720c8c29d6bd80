// Key/value entries (from an object or a text line) → a Reading: aliases resolved, units
// converted and rounded, plausibility limits applied, bad vitals dropped with a reason.
// Only explicit units convert: a temperature of 98.6 with no unit is out of range, never
// "probably °F", because guessing units is how wrong numbers reach a chart.
import { DEFAULT_LIMITS, VITAL_NAMES, type Consciousness, type DroppedVital, type Limits, type Reading, type VitalName } from '../lib/reading';
import { roundTo } from '../lib/units';
import { canonicalIsoMs, parseTimestamp } from '../lib/time';
import { BoundedMemo } from '../lib/bounded-memo';
import {
  CONSCIOUSNESS_WORD_LIST,
  DIMENSION_LABEL,
  FIELD_DIMENSION,
  consciousnessFromWord,
  keyInfo,
  lookupUnit,
  onOxygenFromWord,
  type FieldKind,
  type KeyInfo,
} from './aliases';
import { parseQuantity } from './quantity';
import { PlainReading } from './reading-shape';
import { showValue, type ReasonCode, type ReasonParams } from './reasons';

export interface RawEntry {
  key: string;
  value: unknown;
  /** A unit given beside the value (a separate word in a text line). */
  unit?: string;
}

export interface Problem {
  field: string;
  reason: ReasonCode;
  params: ReasonParams;
}

export type NormaliseResult = { ok: true; reading: Reading; problems: Problem[] } | { ok: false; problem: Problem; more: number };

/** What stays the same from message to message. */
export interface NormaliseSettings {
  limits: Limits;
  topicSegment: number;
  /**
   * Receive time, for a payload without a timestamp of its own. A function is called only then:
   * a node passes one rather than make a Date for every message when most carry their own time.
   */
  now: Date | (() => Date);
}

export interface NormaliseOptions extends NormaliseSettings {
  topic?: unknown;
}

/** Keys that could reach an object's prototype if some later node merged the payload. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function forbiddenKeyIn(obj: object): string | undefined {
  for (const key of Object.keys(obj)) if (FORBIDDEN_KEYS.has(key)) return key;
  return undefined;
}

// Length first: the three are 9 or 11 characters long, and most keys are not.
export const isForbiddenKey = (key: string): boolean => (key.length === 9 || key.length === 11) && FORBIDDEN_KEYS.has(key);

const ON_OXYGEN_ACCEPTED = 'true/false, yes/no, O2/air';
const CONSCIOUSNESS_ACCEPTED = 'A, C, V, P, U or ' + CONSCIOUSNESS_WORD_LIST.filter((w) => w.length > 1).join(', ');
const BP_ACCEPTED = 'a pair such as 120/80, optionally with mmHg or kPa';
const MAX_ID_LENGTH = 200;

type Coerced =
  | { kind: 'absent' }
  | { kind: 'ok'; value: number; unit: string }
  | { kind: 'bad'; reason: ReasonCode; detail?: string; forbidden?: string };

class ForbiddenKey {
  constructor(readonly key: string) {}
}

/** A number with its unit text, from a number, a numeric string ("98.6F") or {value, unit}. */
function coerceNumber(value: unknown, unit: string): Coerced {
  if (value === null || value === undefined) return { kind: 'absent' };
  if (typeof value === 'number') {
    return Number.isFinite(value) ? { kind: 'ok', value, unit } : { kind: 'bad', reason: 'not-a-number' };
  }
  if (typeof value === 'string') {
    if (value.trim() === '') return { kind: 'absent' };
    const q = parseQuantity(value);
    if (q === undefined || q.second !== undefined || !Number.isFinite(q.value)) return { kind: 'bad', reason: 'not-a-number' };
    if (q.unit !== '' && unit !== '' && lookupUnit(q.unit) !== lookupUnit(unit)) {
      return { kind: 'bad', reason: 'bad-unit', detail: `the value says "${q.unit}" but the unit given is "${unit}"` };
    }
    return { kind: 'ok', value: q.value, unit: q.unit !== '' ? q.unit : unit };
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const bad = forbiddenKeyIn(o);
    if (bad !== undefined) throw new ForbiddenKey(bad);
    const u = o.unit ?? o.units ?? o.code;
    if (u !== undefined && typeof u !== 'string') return { kind: 'bad', reason: 'bad-unit', detail: 'the unit is not text' };
    const inner = o.value;
    if (typeof inner === 'object' && inner !== null) return { kind: 'bad', reason: 'not-a-number' };
    return coerceNumber(inner, typeof u === 'string' && u !== '' ? u : unit);
  }
  return { kind: 'bad', reason: 'not-a-number' };
}

/** Into the canonical unit of `field`; converted values are rounded per health.md §2. */
function toCanonical(field: VitalName, value: number, unit: string): Coerced {
  if (unit === '') return { kind: 'ok', value, unit: '' };
  const def = lookupUnit(unit);
  const dim = FIELD_DIMENSION[field];
  if (def === undefined) return { kind: 'bad', reason: 'bad-unit', detail: `unknown unit "${showValue(unit)}"` };
  if (def.dimension !== dim) {
    return { kind: 'bad', reason: 'bad-unit', detail: `"${showValue(unit)}" is not a unit for ${field} (canonical ${DIMENSION_LABEL[dim]})` };
  }
  if (def.toCanonical === undefined) return { kind: 'ok', value, unit: '' };
  return { kind: 'ok', value: roundTo(def.toCanonical(value), def.decimals ?? 1), unit: '' };
}

/**
 * Everything one message's keys add up to. Values are kept by their index in VITAL_NAMES, so a
 * vital is stored and read by position instead of by a property name that changes per key. A
 * plain array, not a Float64Array: it holds the payload's own numbers, where a Float64Array
 * would hand out each value as a new heap number when the reading is built.
 */
interface Acc {
  /** undefined = none yet. */
  values: (number | undefined)[];
  /** Created on the first conflict: most messages have none. */
  conflicts: Partial<Record<VitalName, unknown>> | undefined;
  /** Both created on the first drop: most messages have none. Handed out with the result. */
  dropped: DroppedVital[] | undefined;
  problems: Problem[] | undefined;
  hints: Partial<Record<FieldKind, string>> | undefined;
  onOxygen: boolean | undefined;
  consciousness: Consciousness | undefined;
  idRank: number;
  idValue: unknown;
  patientFound: boolean;
  patientValue: unknown;
  timeRank: number;
  timeValue: unknown;
}

/** `acc` emptied: no values, nothing found yet. Used to make an Acc and to give one back. */
function clearAcc(acc: Acc): Acc {
  const values = acc.values;
  for (let i = 0; i < values.length; i++) values[i] = undefined;
  acc.conflicts = undefined;
  acc.dropped = undefined;
  acc.problems = undefined;
  acc.hints = undefined;
  acc.onOxygen = undefined;
  acc.consciousness = undefined;
  acc.idRank = -1;
  acc.idValue = undefined;
  acc.patientFound = false;
  acc.patientValue = undefined;
  acc.timeRank = -1;
  acc.timeValue = undefined;
  return acc;
}

const newAcc = (): Acc => clearAcc({ values: new Array<number | undefined>(VITAL_NAMES.length) } as Acc);

/**
 * One Acc serves every message: lent out for a call and given back, emptied, at its end (a fresh
 * one is made if a payload's getter re-enters the parser while it is lent). Emptying it drops the
 * references to the message's values, so nothing of one message reaches the next or stays alive;
 * the arrays it hands out with a result are never reused.
 */
let spareAcc: Acc | undefined = newAcc();

function borrowAcc(): Acc {
  const acc = spareAcc ?? newAcc();
  spareAcc = undefined;
  return acc;
}

function returnAcc(acc: Acc): void {
  spareAcc = clearAcc(acc);
}

/** The problems of a reading with none: one shared, frozen list rather than one per message. */
const NO_PROBLEMS = Object.freeze([]) as readonly Problem[] as Problem[];

function drop(acc: Acc, field: string, value: unknown, reason: ReasonCode, params: ReasonParams): void {
  // NaN and ±Infinity are kept as text: as numbers they would turn into null in JSON and
  // reach charts and FHIR as values they are not.
  const shown = typeof value === 'string' || (typeof value === 'number' && !Number.isFinite(value)) ? showValue(typeof value === 'number' ? String(value) : value) : value;
  (acc.dropped ??= []).push({ field, value: shown, reason });
  (acc.problems ??= []).push({ field, reason, params: { field, value: showValue(value), ...params } });
}

function setVital(acc: Acc, index: number, value: number): void {
  const prev = acc.values[index];
  if (prev !== undefined && prev !== value) {
    acc.conflicts ??= {};
    const field = VITAL_NAMES[index];
    if (!(field in acc.conflicts)) acc.conflicts[field] = value;
    return;
  }
  acc.values[index] = value;
}

function addVital(acc: Acc, index: number, value: unknown, unit: string): void {
  // The usual case, a finite number without a unit, is kept as it is (what the general path
  // below gives it too) without building the intermediate results.
  if (typeof value === 'number' && unit === '' && Number.isFinite(value)) {
    setVital(acc, index, value);
    return;
  }
  const field = VITAL_NAMES[index];
  const c = coerceNumber(value, unit);
  if (c.kind === 'absent') return;
  const conv = c.kind === 'ok' ? toCanonical(field, c.value, c.unit) : c;
  if (conv.kind === 'ok') setVital(acc, index, conv.value);
  else if (conv.kind === 'bad') drop(acc, field, value, conv.reason, { detail: conv.detail });
}

const SYSTOLIC = VITAL_NAMES.indexOf('systolic');
const DIASTOLIC = VITAL_NAMES.indexOf('diastolic');
const MEAN_ARTERIAL = VITAL_NAMES.indexOf('meanArterial');

function addBloodPressure(acc: Acc, value: unknown, unit: string): void {
  if (value === null || value === undefined) return;
  if (typeof value === 'string') {
    if (value.trim() === '') return;
    const q = parseQuantity(value);
    if (q === undefined || q.second === undefined) {
      drop(acc, 'bp', value, 'bad-value', { detail: BP_ACCEPTED });
      return;
    }
    const u = q.unit !== '' ? q.unit : unit;
    if (q.unit !== '' && unit !== '' && lookupUnit(q.unit) !== lookupUnit(unit)) {
      drop(acc, 'bp', value, 'bad-unit', { detail: `the value says "${q.unit}" but the unit given is "${unit}"` });
      return;
    }
    const sys = toCanonical('systolic', q.value, u);
    const dia = toCanonical('diastolic', q.second, u);
    if (sys.kind !== 'ok' || dia.kind !== 'ok') {
      const bad = sys.kind === 'bad' ? sys : dia.kind === 'bad' ? dia : undefined;
      drop(acc, 'bp', value, bad?.reason ?? 'bad-unit', { detail: bad?.detail });
      return;
    }
    setVital(acc, SYSTOLIC, sys.value);
    setVital(acc, DIASTOLIC, dia.value);
    return;
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    // {systolic, diastolic, mean, unit}: the same aliases as at the top level.
    const o = value as Record<string, unknown>;
    const bad = forbiddenKeyIn(o);
    if (bad !== undefined) throw new ForbiddenKey(bad);
    const u = o.unit ?? o.units;
    const innerUnit = typeof u === 'string' ? u : unit;
    for (const key of Object.keys(o)) {
      const info = keyInfo(key);
      const i = info.normalised === 'mean' ? MEAN_ARTERIAL : info.vital;
      if (i === SYSTOLIC || i === DIASTOLIC || i === MEAN_ARTERIAL) addVital(acc, i, o[key], innerUnit);
    }
    return;
  }
  drop(acc, 'bp', value, 'bad-value', { detail: BP_ACCEPTED });
}

/** One known key's value into `acc`; `unit` is one given beside it ('' for none). */
function addEntry(acc: Acc, info: KeyInfo, value: unknown, given: string): void {
  const field = info.field!;
  const unit = given !== '' ? given : (acc.hints?.[field] ?? '');
  if (info.vital >= 0) {
    addVital(acc, info.vital, value, unit);
    return;
  }
  switch (field) {
    case 'bp':
      addBloodPressure(acc, value, unit);
      break;
    case 'onOxygen': {
      const v = value;
      const b =
        typeof v === 'boolean' ? v : typeof v === 'number' ? (v === 1 ? true : v === 0 ? false : undefined) : typeof v === 'string' ? onOxygenFromWord(v) : undefined;
      if (v === null || v === undefined || v === '') break;
      if (b === undefined) drop(acc, 'onOxygen', v, 'bad-value', { detail: ON_OXYGEN_ACCEPTED });
      else acc.onOxygen = b;
      break;
    }
    case 'consciousness': {
      const v = value;
      if (v === null || v === undefined || v === '') break;
      const level = typeof v === 'string' ? consciousnessFromWord(v) : undefined;
      if (level === undefined) drop(acc, 'consciousness', v, 'bad-value', { detail: CONSCIOUSNESS_ACCEPTED });
      else acc.consciousness = level;
      break;
    }
    case 'deviceId':
      // Rank of the alias within its field, so deviceId beats device beats id.
      if (acc.idRank < 0 || info.rank < acc.idRank) {
        acc.idRank = info.rank;
        acc.idValue = value;
      }
      break;
    case 'patientId':
      if (!acc.patientFound) {
        acc.patientFound = true;
        acc.patientValue = value;
      }
      break;
    case 'timestamp':
      if (acc.timeRank < 0 || info.rank < acc.timeRank) {
        acc.timeRank = info.rank;
        acc.timeValue = value;
      }
      break;
  }
}

export function idFrom(value: unknown): string | undefined | false {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return undefined;
    return t.length <= MAX_ID_LENGTH ? t : false;
  }
  return false;
}

/**
 * A flow sees few distinct topics (one per device), each thousands of times: split each once.
 * Bounded, like the key memo in aliases.ts. The parts are stored trimmed and never handed out.
 */
const TOPIC_PARTS = new BoundedMemo<readonly string[]>(4096, 256);

function topicParts(topic: string): readonly string[] {
  return TOPIC_PARTS.get(topic) ?? TOPIC_PARTS.set(topic, topic.split('/').map((p) => p.trim()));
}

export function topicSegmentOf(topic: unknown, index: number): string | undefined {
  if (typeof topic !== 'string' || topic === '') return undefined;
  const parts = topicParts(topic);
  const i = index < 0 ? parts.length + index : index;
  const seg = i >= 0 && i < parts.length ? parts[i] : '';
  return seg === '' ? undefined : seg;
}

/** How a checked value is reported when it is left out. */
export type DropFn = (field: string, value: unknown, reason: ReasonCode, params: ReasonParams) => void;

/**
 * Plausibility limits (after conversion, as health.md §1 says), then the blood-pressure order:
 * removes each failing vital from `values` and reports it through `drop`. `limitOf` lets a
 * caller check a field that borrows another vital's limits (a PLX fast SpO2 uses spo2's).
 */
const VITAL_NAME_SET: ReadonlySet<string> = new Set(VITAL_NAMES);
const vitalLimitOf = (f: string): VitalName | undefined => (VITAL_NAME_SET.has(f) ? (f as VitalName) : undefined);

/** One value against its limits: removed from `values` and reported when outside them. */
function limitOne(values: Partial<Record<string, number>>, name: string, limits: Limits, drop: DropFn, limitOf: (field: string) => VitalName | undefined): void {
  const v = values[name];
  const vital = limitOf(name);
  if (v === undefined || vital === undefined) return;
  const range = limits[vital];
  const min = range[0];
  const max = range[1];
  if (v < min || v > max) {
    delete values[name];
    drop(name, v, 'out-of-range', { value: String(v), min: String(min), max: String(max), unit: DIMENSION_LABEL[FIELD_DIMENSION[vital]] });
  }
}

export function applyLimits(
  values: Partial<Record<string, number>>,
  limits: Limits,
  drop: DropFn,
  limitOf: (field: string) => VitalName | undefined = vitalLimitOf,
): void {
  // VITAL_NAMES order first, so messages list problems in the same order for every input;
  // then the other own keys in their insertion order. No per-call name list is built.
  for (let i = 0; i < VITAL_NAMES.length; i++) {
    if (VITAL_NAMES[i] in values) limitOne(values, VITAL_NAMES[i], limits, drop, limitOf);
  }
  for (const key in values) {
    if (Object.prototype.hasOwnProperty.call(values, key) && !VITAL_NAME_SET.has(key)) limitOne(values, key, limits, drop, limitOf);
  }
  const sys = values.systolic;
  const dia = values.diastolic;
  if (sys !== undefined && dia !== undefined && dia >= sys) {
    delete values.systolic;
    delete values.diastolic;
    const params = { value: String(dia), detail: String(sys) };
    drop('systolic', sys, 'bp-order', params);
    drop('diastolic', dia, 'bp-order', params);
  }
}

/** applyLimits for a text/JSON reading (vital names only), reporting straight into `acc`. */
function applyReadingLimits(acc: Acc, limits: Limits): void {
  const values = acc.values;
  for (let i = 0; i < VITAL_NAMES.length; i++) {
    const v = values[i];
    if (v === undefined) continue;
    const name = VITAL_NAMES[i];
    const range = limits[name];
    if (v < range[0] || v > range[1]) {
      values[i] = undefined;
      drop(acc, name, v, 'out-of-range', { value: String(v), min: String(range[0]), max: String(range[1]), unit: DIMENSION_LABEL[FIELD_DIMENSION[name]] });
    }
  }
  const sys = values[SYSTOLIC];
  const dia = values[DIASTOLIC];
  if (sys !== undefined && dia !== undefined && dia >= sys) {
    values[SYSTOLIC] = undefined;
    values[DIASTOLIC] = undefined;
    const params = { value: String(dia), detail: String(sys) };
    drop(acc, 'systolic', sys, 'bp-order', params);
    drop(acc, 'diastolic', dia, 'bp-order', params);
  }
}

/** Limits from a node's config: each vital's [min, max] if two finite numbers with min < max, else the default. */
export function resolveLimits(config: unknown): Limits {
  const out = { ...DEFAULT_LIMITS } as Limits;
  if (config === null || typeof config !== 'object') return out;
  const c = config as Record<string, unknown>;
  for (const name of VITAL_NAMES) {
    const pair = Object.prototype.hasOwnProperty.call(c, name) ? c[name] : undefined;
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const min = typeof pair[0] === 'string' && pair[0].trim() !== '' ? Number(pair[0]) : pair[0];
    const max = typeof pair[1] === 'string' && pair[1].trim() !== '' ? Number(pair[1]) : pair[1];
    if (typeof min === 'number' && typeof max === 'number' && Number.isFinite(min) && Number.isFinite(max) && min < max) {
      out[name] = [min, max];
    }
  }
  return out;
}

/** Entries → Reading. Throws nothing: every failure is a Problem. */
export function normaliseEntries(entries: readonly RawEntry[], opts: NormaliseOptions): NormaliseResult {
  return normaliseFrom(undefined, entries, opts.topic, opts);
}

/**
 * An object's own enumerable keys → Reading: the same as normaliseEntries over its entries,
 * without building them (the object path of every JSON message).
 */
export function normaliseObject(obj: Readonly<Record<string, unknown>>, opts: NormaliseOptions): NormaliseResult {
  return normaliseFrom(obj, undefined, opts.topic, opts);
}

/** normaliseObject with the topic apart, so that a caller need not build options per message. */
export function normaliseObjectOf(obj: Readonly<Record<string, unknown>>, topic: unknown, opts: NormaliseSettings): NormaliseResult {
  return normaliseFrom(obj, undefined, topic, opts);
}

/** normaliseEntries with the topic apart. */
export function normaliseEntriesOf(entries: readonly RawEntry[], topic: unknown, opts: NormaliseSettings): NormaliseResult {
  return normaliseFrom(undefined, entries, topic, opts);
}

const reject = (field: string, reason: ReasonCode, params: ReasonParams = {}): NormaliseResult => ({
  ok: false,
  problem: { field, reason, params: { field, ...params } },
  more: 0,
});

/**
 * What the key at each position of the last message meant. A device sends the same keys in the
 * same order in every message, so comparing a key with the one last seen at its position (for
 * the same string, one pointer comparison) replaces a memo lookup (hash and probe) per key. Other
 * keys are looked up as before. Positions past SEEN_LIMIT, and keys too long to be aliases (which
 * would only be kept alive here), are not remembered.
 */
const SEEN_LIMIT = 32;
const MAX_SEEN_KEY_LENGTH = 40;
const seenKeys: (string | undefined)[] = new Array<string | undefined>(SEEN_LIMIT).fill(undefined);
const seenInfos: (KeyInfo | undefined)[] = new Array<KeyInfo | undefined>(SEEN_LIMIT).fill(undefined);

function infoAt(key: string, i: number): KeyInfo {
  if (i >= SEEN_LIMIT) return keyInfo(key);
  if (seenKeys[i] === key) return seenInfos[i]!;
  const info = keyInfo(key);
  if (key.length <= MAX_SEEN_KEY_LENGTH) {
    seenKeys[i] = key;
    seenInfos[i] = info;
  }
  return info;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** Either `obj` or `entries`: the same two passes for both, with no per-entry objects. */
function normaliseFrom(
  obj: Readonly<Record<string, unknown>> | undefined,
  entries: readonly RawEntry[] | undefined,
  topic: unknown,
  opts: NormaliseSettings,
): NormaliseResult {
  const acc = borrowAcc();
  try {
    return normaliseInto(acc, obj, entries, topic, opts);
  } finally {
    returnAcc(acc);
  }
}

function normaliseInto(
  acc: Acc,
  obj: Readonly<Record<string, unknown>> | undefined,
  entries: readonly RawEntry[] | undefined,
  topic: unknown,
  opts: NormaliseSettings,
): NormaliseResult {
  // Unit hints first (`tempUnit: 'F'`), so their order relative to the value does not matter;
  // a forbidden key anywhere refuses the message before anything is read.
  // An object's own keys are walked with for-in (own keys in the order of Object.keys, and no
  // array of them built); inherited enumerable keys are skipped, as Object.keys skips them. (Only
  // a payload whose getters add or delete its own keys while it is read could tell the two apart.)
  let i = 0;
  if (obj !== undefined) {
    for (const key in obj) {
      if (!hasOwn.call(obj, key)) continue;
      if (isForbiddenKey(key)) return reject(key, 'prototype-key');
      const hinted = infoAt(key, i++).unitHintField;
      if (hinted !== undefined) {
        const value = obj[key];
        if (typeof value === 'string') (acc.hints ??= {})[hinted] = value;
      }
    }
  } else {
    for (; i < entries!.length; i++) {
      const e = entries![i];
      if (isForbiddenKey(e.key)) return reject(e.key, 'prototype-key');
      const hinted = infoAt(e.key, i).unitHintField;
      if (hinted !== undefined && typeof e.value === 'string') (acc.hints ??= {})[hinted] = e.value;
    }
  }

  try {
    i = 0;
    if (obj !== undefined) {
      for (const key in obj) {
        if (!hasOwn.call(obj, key)) continue;
        const info = infoAt(key, i++);
        if (info.field !== undefined) addEntry(acc, info, obj[key], '');
      }
    } else {
      for (; i < entries!.length; i++) {
        const e = entries![i];
        const info = infoAt(e.key, i);
        if (info.field !== undefined) addEntry(acc, info, e.value, e.unit ?? '');
      }
    }
  } catch (err) {
    if (err instanceof ForbiddenKey) return reject(err.key, 'prototype-key');
    throw err;
  }

  // Conflicts, then limits (after conversion, as health.md §1 says), then the BP order.
  const values = acc.values;
  const conflicts = acc.conflicts;
  if (conflicts !== undefined) {
    for (let v = 0; v < VITAL_NAMES.length; v++) {
      const name = VITAL_NAMES[v];
      if (name in conflicts) {
        const kept = values[v];
        values[v] = undefined;
        drop(acc, name, kept, 'conflict', { value: String(kept), detail: String(conflicts[name]) });
      }
    }
  }
  applyReadingLimits(acc, opts.limits);

  let kept = acc.onOxygen !== undefined || acc.consciousness !== undefined;
  for (let v = 0; v < VITAL_NAMES.length; v++) if (values[v] !== undefined) kept = true;
  if (!kept) {
    if (acc.problems !== undefined) return { ok: false, problem: acc.problems[0], more: acc.problems.length - 1 };
    return reject('payload', 'no-vitals');
  }

  let timestamp: string;
  const timeValue = acc.timeValue;
  if (acc.timeRank >= 0 && timeValue !== null && timeValue !== undefined && timeValue !== '') {
    // Most devices send the canonical form, which is its own ISO text: no result object needed.
    if (typeof timeValue === 'string' && canonicalIsoMs(timeValue) >= 0) {
      timestamp = timeValue;
    } else {
      const t = parseTimestamp(timeValue);
      if (!t.ok) return reject('timestamp', 'bad-timestamp', { value: showValue(timeValue), detail: t.detail });
      timestamp = t.iso;
    }
  } else {
    const now = opts.now;
    timestamp = (typeof now === 'function' ? now() : now).toISOString();
  }

  let patientId: string | undefined;
  if (acc.patientFound) {
    const p = idFrom(acc.patientValue);
    if (p === false) return reject('patientId', 'bad-id', { detail: showValue(acc.patientValue) });
    patientId = p;
  }
  let deviceId: string | undefined;
  if (acc.idRank >= 0) {
    const d = idFrom(acc.idValue);
    if (d === false) return reject('deviceId', 'bad-id', { detail: showValue(acc.idValue) });
    deviceId = d;
  }
  deviceId ??= patientId ?? topicSegmentOf(topic, opts.topicSegment);
  if (deviceId === undefined) return reject('deviceId', 'no-device-id', { detail: String(opts.topicSegment) });

  // Keys in a fixed order, so that debug output reads the same for every message; made by `new`,
  // not a literal, so that V8 does not allocate readings in the old generation (reading-shape.ts).
  const reading: Reading = new PlainReading(deviceId, patientId, timestamp, values, acc.onOxygen, acc.consciousness, acc.dropped);
  return { ok: true, reading, problems: acc.problems ?? NO_PROBLEMS };
}
