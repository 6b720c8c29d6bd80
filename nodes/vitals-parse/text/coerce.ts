// One value of an entry → a number in its vital's canonical unit: from a number, a numeric
// string ("98.6F") or {value, unit}; only an explicit unit converts. A nested object that holds a
// prototype key refuses the whole message (ForbiddenKey), since a later node might merge it.
import { VITALS, type VitalName } from '../../lib/reading';
import { lookupUnit, roundTo } from '../../lib/units';
import { isPlainObject, PROTOTYPE_KEYS } from '../../lib/plain-data';
import { showValue, type ReasonCode } from '../reasons';
import { parseQuantity } from './quantity';

/** A value nested in the payload ({value, unit}, {systolic, ...}) holds a forbidden key: the whole message is refused. */
export class ForbiddenKey extends Error {
  constructor(readonly key: string) {
    super(key);
  }
}

export function refuseForbiddenKeys(obj: object): void {
  const key = Object.keys(obj).find((k) => PROTOTYPE_KEYS.has(k));
  if (key !== undefined) throw new ForbiddenKey(key);
}

type Bad = { kind: 'bad'; reason: ReasonCode; detail?: string };
export type Coerced = { kind: 'absent' } | { kind: 'ok'; value: number; unit: string } | Bad;

const NOT_A_NUMBER: Bad = { kind: 'bad', reason: 'not-a-number' };
const badUnit = (detail: string): Bad => ({ kind: 'bad', reason: 'bad-unit', detail });

/** The unit of a value: written in it ("98.6F") or given beside it; when both, they must agree. */
export function valueUnit(inValue: string, given: string): string | Bad {
  if (inValue === '') return given;
  if (given === '' || lookupUnit(inValue) === lookupUnit(given)) return inValue;
  return badUnit(`the value says "${inValue}" but the unit given is "${given}"`);
}

/** A number with its unit text, from a number, a numeric string ("98.6F") or {value, unit}. */
export function coerceNumber(value: unknown, unit: string): Coerced {
  if (value === null || value === undefined) return { kind: 'absent' };
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'ok', value, unit } : NOT_A_NUMBER;
  if (typeof value === 'string') {
    if (value.trim() === '') return { kind: 'absent' };
    const q = parseQuantity(value);
    if (q === undefined || q.second !== undefined || !Number.isFinite(q.value)) return NOT_A_NUMBER;
    const u = valueUnit(q.unit, unit);
    return typeof u === 'string' ? { kind: 'ok', value: q.value, unit: u } : u;
  }
  if (isPlainObject(value)) {
    refuseForbiddenKeys(value);
    const u = value.unit ?? value.units ?? value.code;
    if (u !== undefined && typeof u !== 'string') return badUnit('the unit is not text');
    if (typeof value.value === 'object' && value.value !== null) return NOT_A_NUMBER;
    return coerceNumber(value.value, typeof u === 'string' && u !== '' ? u : unit);
  }
  return NOT_A_NUMBER;
}

/** Into the canonical unit of `vital`; a converted value is rounded to the unit's decimals (1 unless it says). */
export function toCanonical(vital: VitalName, value: number, unit: string): Coerced {
  if (unit === '') return { kind: 'ok', value, unit };
  const def = lookupUnit(unit);
  const { measures, label } = VITALS[vital];
  if (def === undefined) return badUnit(`unknown unit "${showValue(unit)}"`);
  if (def.measures !== measures) return badUnit(`"${showValue(unit)}" is not a unit for ${vital} (canonical ${label})`);
  if (def.toCanonical === undefined) return { kind: 'ok', value, unit: '' };
  return { kind: 'ok', value: roundTo(def.toCanonical(value), def.decimals ?? 1), unit: '' };
}
