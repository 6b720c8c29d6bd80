// The plausibility limits, applied after unit conversion (so that °F sent as °C, or kPa as
// mmHg, is caught), then the blood-pressure order. Shared by the text/JSON and Bluetooth parts.
import { VITALS, VITAL_NAMES, isVitalName, type Limits, type VitalName } from '../lib/reading';
import type { DropFn } from './reasons';

/**
 * Removes from `values` each value outside its limits and each systolic/diastolic pair whose
 * diastolic is not below systolic, reporting each through `drop`: the vitals in the reading's
 * order, then other fields in theirs. `limitOf` names the vital whose limits a field borrows
 * (a PLX fast SpO2 uses spo2's); fields it names none for are not checked.
 */
export function applyLimits(
  values: Partial<Record<string, number>>,
  limits: Limits,
  drop: DropFn,
  limitOf: (field: string) => VitalName | undefined = (f) => (isVitalName(f) ? f : undefined),
): void {
  const check = (field: string): void => {
    const value = values[field];
    const vital = limitOf(field);
    if (value === undefined || vital === undefined) return;
    const [min, max] = limits[vital];
    if (value < min || value > max) {
      delete values[field];
      const unit = VITALS[vital].label;
      drop(field, value, 'out-of-range', { value: String(value), min: String(min), max: String(max), unit });
    }
  };
  for (const name of VITAL_NAMES) check(name);
  for (const key of Object.keys(values)) if (!isVitalName(key)) check(key);
  const { systolic, diastolic } = values;
  if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    delete values.systolic;
    delete values.diastolic;
    const params = { value: String(diastolic), detail: String(systolic) };
    drop('systolic', systolic, 'bp-order', params);
    drop('diastolic', diastolic, 'bp-order', params);
  }
}
