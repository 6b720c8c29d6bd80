// The alias and unit tables of vitals-parse: which input keys mean which reading field, and
// which units convert how. The single source: the parser reads these maps, and a unit test
// checks that the help tables (en-US and ko) list exactly these aliases and units.
import { BoundedMemo } from '../lib/bounded-memo';
import { VITAL_NAMES, type VitalName } from '../lib/reading';
import { fahrenheitToCelsius, kpaToMmHg, lbToKg, mgdlToMmoll } from '../lib/units';

/** What a key names once normalised. `bp` is the "120/80" pair; the rest are Reading fields. */
export type FieldKind = VitalName | 'bp' | 'onOxygen' | 'consciousness' | 'deviceId' | 'patientId' | 'timestamp';

/**
 * Aliases per field, already in normalised form (see normaliseKey): lower case, without
 * spaces, `_`, `-` and `.`, so `Heart_Rate`, `heart-rate` and `heartRate` all match `heartrate`.
 */
export const FIELD_ALIASES: Readonly<Record<FieldKind, readonly string[]>> = {
  heartRate: ['heartrate', 'hr', 'pulse', 'pulserate', 'pr', 'bpm'],
  respiratoryRate: ['respiratoryrate', 'rr', 'resp', 'resprate', 'respirationrate', 'respiration'],
  spo2: ['spo2', 'o2', 'sao2', 'o2sat', 'oxygensaturation'],
  temperature: ['temperature', 'temp', 'bodytemp', 'bodytemperature'],
  systolic: ['systolic', 'sys', 'sbp'],
  diastolic: ['diastolic', 'dia', 'dbp'],
  meanArterial: ['meanarterial', 'map', 'meanarterialpressure'],
  glucose: ['glucose', 'glu', 'bg', 'bloodglucose'],
  weight: ['weight', 'wt', 'bodyweight'],
  bp: ['bp', 'bloodpressure', 'nibp'],
  onOxygen: ['onoxygen', 'oxygen', 'supplementaloxygen', 'airoroxygen'],
  consciousness: ['consciousness', 'acvpu', 'avpu', 'loc'],
  deviceId: ['deviceid', 'device', 'id'],
  patientId: ['patientid', 'patient'],
  timestamp: ['ts', 'timestamp', 'time'],
};

const KEY_TO_FIELD = new Map<string, FieldKind>();
for (const field of Object.keys(FIELD_ALIASES) as FieldKind[]) {
  for (const alias of FIELD_ALIASES[field]) KEY_TO_FIELD.set(alias, field);
}

/** Keys longer than this are never aliases; not normalising them keeps huge junk cheap. */
const MAX_KEY_LENGTH = 40;
const KEY_STRIP = /[\s_.-]+/g;

/**
 * Devices send the same few keys and words in every message, so what they mean is remembered
 * per raw spelling instead of lower-casing and running a regex on each, for every message.
 * Bounded: a flood of distinct junk keys empties the memo rather than growing it.
 */
const MEMO_LIMIT = 1024;

const NORMALISED = new BoundedMemo<string>(MEMO_LIMIT);

export function normaliseKey(key: string): string {
  if (key.length > MAX_KEY_LENGTH) return '';
  const known = NORMALISED.get(key);
  if (known !== undefined) return known;
  return NORMALISED.set(key, key.toLowerCase().replace(KEY_STRIP, ''));
}

/** What one raw key means to the parser, worked out once per spelling. */
export interface KeyInfo {
  /** normaliseKey(key). */
  normalised: string;
  /** fieldForKey(key). */
  field: FieldKind | undefined;
  /** unitHintFieldForKey(key). */
  unitHintField: FieldKind | undefined;
  /** Index of the alias within FIELD_ALIASES[field] (deviceId beats device beats id); -1 without a field. */
  rank: number;
  /** Index of `field` in VITAL_NAMES when it is a numeric vital, else -1: lets the parser keep values by position. */
  vital: number;
}

function unitHintFor(k: string): FieldKind | undefined {
  const cut = k.endsWith('units') ? 5 : k.endsWith('unit') ? 4 : 0;
  if (cut === 0 || k.length === cut) return undefined;
  return KEY_TO_FIELD.get(k.slice(0, k.length - cut));
}

// Keys too long to be aliases all mean nothing; they are not worth a memo entry each.
const KEY_INFO = new BoundedMemo<KeyInfo>(MEMO_LIMIT, MAX_KEY_LENGTH);

export function keyInfo(key: string): KeyInfo {
  const known = KEY_INFO.get(key);
  if (known !== undefined) return known;
  const normalised = normaliseKey(key);
  const field = KEY_TO_FIELD.get(normalised);
  const info: KeyInfo = {
    normalised,
    field,
    unitHintField: unitHintFor(normalised),
    rank: field === undefined ? -1 : FIELD_ALIASES[field].indexOf(normalised),
    vital: (VITAL_NAMES as readonly string[]).indexOf(field as string),
  };
  return KEY_INFO.set(key, info);
}

/** The field a raw key names, or undefined for keys we do not know (they are ignored). */
export function fieldForKey(key: string): FieldKind | undefined {
  return keyInfo(key).field;
}

/** `tempUnit`, `temp_unit`, `bpUnits` → the field whose unit they give. */
export function unitHintFieldForKey(key: string): FieldKind | undefined {
  return keyInfo(key).unitHintField;
}

export type Dimension = 'rate' | 'percent' | 'temperature' | 'pressure' | 'glucose' | 'mass';

export const FIELD_DIMENSION: Readonly<Record<VitalName, Dimension>> = {
  heartRate: 'rate',
  respiratoryRate: 'rate',
  spo2: 'percent',
  temperature: 'temperature',
  systolic: 'pressure',
  diastolic: 'pressure',
  meanArterial: 'pressure',
  glucose: 'glucose',
  weight: 'mass',
};

/** Canonical unit as shown to people (the Reading's UCUM codes are in lib/reading.ts). */
export const DIMENSION_LABEL: Readonly<Record<Dimension, string>> = {
  rate: '/min',
  percent: '%',
  temperature: '°C',
  pressure: 'mmHg',
  glucose: 'mmol/L',
  mass: 'kg',
};

export interface UnitDef {
  /** The name the help table and messages use. */
  label: string;
  dimension: Dimension;
  /** Absent for the canonical unit: the value passes unchanged and unrounded. */
  toCanonical?: (v: number) => number;
  /** Decimals kept after a conversion (health.md §2, rounding guidance). */
  decimals?: number;
  /** Spellings, normalised by normaliseUnit. */
  spellings: readonly string[];
}

export const UNITS: readonly UnitDef[] = [
  { label: '/min', dimension: 'rate', spellings: ['/min', 'bpm', 'beats/min', 'breaths/min', 'rpm', 'brpm', '1/min', 'min-1'] },
  { label: '%', dimension: 'percent', spellings: ['%', 'pct', 'percent'] },
  { label: '°C', dimension: 'temperature', spellings: ['c', 'cel', 'degc', 'celsius'] },
  {
    label: '°F',
    dimension: 'temperature',
    toCanonical: fahrenheitToCelsius,
    decimals: 1,
    spellings: ['f', '[degf]', 'degf', 'fahrenheit'],
  },
  { label: 'mmHg', dimension: 'pressure', spellings: ['mmhg', 'mm[hg]'] },
  { label: 'kPa', dimension: 'pressure', toCanonical: kpaToMmHg, decimals: 1, spellings: ['kpa'] },
  { label: 'mmol/L', dimension: 'glucose', spellings: ['mmol/l', 'mmol'] },
  { label: 'mg/dL', dimension: 'glucose', toCanonical: mgdlToMmoll, decimals: 1, spellings: ['mg/dl'] },
  { label: 'kg', dimension: 'mass', spellings: ['kg', 'kgs'] },
  { label: 'g', dimension: 'mass', toCanonical: (g) => g / 1000, decimals: 2, spellings: ['g'] },
  { label: 'lb', dimension: 'mass', toCanonical: lbToKg, decimals: 2, spellings: ['lb', 'lbs', '[lb_av]', 'pound', 'pounds'] },
];

const SPELLING_TO_UNIT = new Map<string, UnitDef>();
for (const u of UNITS) for (const s of u.spellings) SPELLING_TO_UNIT.set(s, u);

const UNIT_STRIP = /[\s°º˚]+/g;
const MAX_UNIT_LENGTH = 16;

/** Lower case, no spaces or degree signs; ℃/℉ become c/f. */
export function normaliseUnit(unit: string): string {
  if (unit.length > MAX_UNIT_LENGTH) return '';
  return unit.toLowerCase().replace(UNIT_STRIP, '').replace('℃', 'c').replace('℉', 'f');
}

export function lookupUnit(unit: string): UnitDef | undefined {
  return SPELLING_TO_UNIT.get(normaliseUnit(unit));
}

// onOxygen and consciousness words, normalised with normaliseKey.
const OXYGEN_WORDS = new Map<string, boolean>([
  ['true', true], ['yes', true], ['y', true], ['1', true], ['on', true], ['o2', true], ['oxygen', true],
  ['false', false], ['no', false], ['n', false], ['0', false], ['off', false], ['air', false], ['roomair', false], ['ra', false],
]);

export function onOxygenFromWord(word: string): boolean | undefined {
  return OXYGEN_WORDS.get(normaliseKey(word));
}

const CONSCIOUSNESS_WORDS = new Map<string, 'A' | 'C' | 'V' | 'P' | 'U'>([
  ['a', 'A'], ['alert', 'A'],
  ['c', 'C'], ['confusion', 'C'], ['confused', 'C'], ['newconfusion', 'C'],
  ['v', 'V'], ['voice', 'V'],
  ['p', 'P'], ['pain', 'P'],
  ['u', 'U'], ['unresponsive', 'U'],
]);

export function consciousnessFromWord(word: string): 'A' | 'C' | 'V' | 'P' | 'U' | undefined {
  // Most devices send the level itself, which is its own answer: no memo or map lookup.
  if (word === 'A' || word === 'C' || word === 'V' || word === 'P' || word === 'U') return word;
  return CONSCIOUSNESS_WORDS.get(normaliseKey(word));
}

/** Word forms the help lists for onOxygen and consciousness. */
export const OXYGEN_TRUE_WORDS = [...OXYGEN_WORDS].filter(([, v]) => v).map(([k]) => k);
export const OXYGEN_FALSE_WORDS = [...OXYGEN_WORDS].filter(([, v]) => !v).map(([k]) => k);
export const CONSCIOUSNESS_WORD_LIST = [...CONSCIOUSNESS_WORDS.keys()];
