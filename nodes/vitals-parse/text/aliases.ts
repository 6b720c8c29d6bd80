// Which input keys and words mean which reading field: the single source for the parser and,
// through a unit test, for the alias tables of the help (en-US and ko).
import type { Consciousness, VitalName } from '../../lib/reading';

/** What a key names once normalised. `bp` is the "120/80" pair; the rest are Reading fields. */
export type FieldKind = VitalName | 'bp' | 'onOxygen' | 'consciousness' | 'deviceId' | 'patientId' | 'timestamp';

/**
 * Aliases per field, already in normalised form (see normaliseKey): lower case, without
 * spaces, `_`, `-` and `.`, so `Heart_Rate`, `heart-rate` and `heartRate` all match `heartrate`.
 * Within a field the first alias wins when several are sent (deviceId beats device beats id).
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
  timestamp: ['ts', 'timestamp', 'time', 'datetime', 'date'],
};

/** word → key, from a table of key → words. */
const byWord = <K extends string>(table: Record<K, readonly string[]>): Map<string, K> =>
  new Map(Object.entries<readonly string[]>(table).flatMap(([key, words]) => words.map((w) => [w, key as K] as const)));

const FIELD_BY_ALIAS = byWord(FIELD_ALIASES);

/** Keys longer than this are never aliases; not normalising them keeps huge junk keys cheap. */
const MAX_KEY_LENGTH = 40;

/** What normaliseKey leaves out; written once, as it runs for word values (consciousness "A") of every message. */
const SEPARATORS = /[\s_.-]+/g;

export function normaliseKey(key: string): string {
  return key.length > MAX_KEY_LENGTH ? '' : key.toLowerCase().replace(SEPARATORS, '');
}

/**
 * What one raw key means to the parser: the field it names (undefined for keys we do not know),
 * the field whose unit it gives (`tempUnit`, `temp_unit`, `bpUnits`) and its alias's rank (lower wins).
 */
function meaningOf(key: string) {
  const normalised = normaliseKey(key);
  const field = FIELD_BY_ALIAS.get(normalised);
  const cut = normalised.endsWith('units') ? 5 : normalised.endsWith('unit') ? 4 : 0;
  const unitOf = cut > 0 && normalised.length > cut ? FIELD_BY_ALIAS.get(normalised.slice(0, -cut)) : undefined;
  return { normalised, field, unitOf, rank: field === undefined ? -1 : FIELD_ALIASES[field].indexOf(normalised) };
}

/**
 * The spellings devices send most, worked out once: every alias as listed and each Reading field
 * name as it is written (`heartRate`). A constant table; any other key is worked out when it comes.
 */
const COMMON = new Map(
  [...Object.values(FIELD_ALIASES).flat(), ...Object.keys(FIELD_ALIASES)].map((k) => [k, Object.freeze(meaningOf(k))]),
);

export const keyMeaning = (key: string) => COMMON.get(key) ?? meaningOf(key);

// onOxygen and consciousness words, in normaliseKey's form.
const OXYGEN_WORDS = byWord({
  on: ['true', 'yes', 'y', '1', 'on', 'o2', 'oxygen'],
  off: ['false', 'no', 'n', '0', 'off', 'air', 'roomair', 'ra'],
});

/** onOxygen from true/false, 1/0 or a word; undefined when it is none of them. */
export function onOxygenOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  const w = typeof value === 'string' ? OXYGEN_WORDS.get(normaliseKey(value)) : undefined;
  return w === undefined ? undefined : w === 'on';
}

export const CONSCIOUSNESS_WORDS: Readonly<Record<Consciousness, readonly string[]>> = {
  A: ['a', 'alert'],
  C: ['c', 'confusion', 'confused', 'newconfusion'],
  V: ['v', 'voice'],
  P: ['p', 'pain'],
  U: ['u', 'unresponsive'],
};
const CONSCIOUSNESS_BY_WORD = byWord(CONSCIOUSNESS_WORDS);

export const consciousnessOf = (value: unknown): Consciousness | undefined =>
  typeof value === 'string' ? CONSCIOUSNESS_BY_WORD.get(normaliseKey(value)) : undefined;
