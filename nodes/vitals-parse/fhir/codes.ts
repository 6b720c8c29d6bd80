// LOINC codes, UCUM units and R4 vital-signs profiles for each reading field.

import type { Coding } from './types';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org' as const;
export const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
export const DATA_ABSENT_REASON = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const PROFILE = 'http://hl7.org/fhir/StructureDefinition/';

export interface ObservationKind {
  /** The Reading field the value comes from. */
  field: string;
  coding: Coding[];
  text: string;
  category: 'vital-signs' | 'laboratory';
  /** Absent for glucose: it is not in the R4 vital-signs set. */
  profile?: string;
  unit: { code: string; display: string };
  /** Reading unit → UCUM unit (only height differs: m → cm, which the bodyheight profile asks for). */
  scale?: number;
  /** Decimals when the reading carries no precision: 0.1 °C, 0.1 mmHg, 0.01 kg, 0.1 mmol/L. */
  decimals: number;
}

const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });

// One row a reading field: LOINC code and display, text, R4 profile, UCUM code and display,
// decimals. Glucose has no profile: it is not in the R4 vital-signs set (a laboratory result).
// Height: the reading holds metres, the bodyheight profile asks for cm (scale 100).
// A table, a row a line, so the codes can be read against LOINC's and R4's lists.
// prettier-ignore
const ROWS: [string, string, string, string, string, string, string, number][] = [
  ['heartRate',       '8867-4',  'Heart rate',                          'Heart rate',        'heartrate',  '/min',   'beats/minute',   1],
  ['respiratoryRate', '9279-1',  'Respiratory rate',                    'Respiratory rate',  'resprate',   '/min',   'breaths/minute', 1],
  ['spo2',            '2708-6',  'Oxygen saturation in Arterial blood', 'Oxygen saturation', 'oxygensat',  '%',      '%',              1],
  ['temperature',     '8310-5',  'Body temperature',                    'Body temperature',  'bodytemp',   'Cel',    'C',              1],
  ['weight',          '29463-7', 'Body weight',                         'Body weight',       'bodyweight', 'kg',     'kg',             2],
  ['height',          '8302-2',  'Body height',                         'Body height',       'bodyheight', 'cm',     'cm',             1],
  ['bmi',             '39156-5', 'Body mass index (BMI) [Ratio]',       'BMI',               'bmi',        'kg/m2',  'kg/m2',          1],
  ['glucose',         '15074-8', 'Glucose [Moles/volume] in Blood',     'Blood glucose',     '',           'mmol/L', 'mmol/L',         1],
];
// 2708-6 is the code the R4 oxygensat profile fixes; 59408-5 says "by pulse oximetry" (US Core adds it).
const SPO2_BY_OXIMETRY = loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry');

export const SINGLE_VALUE_KINDS: readonly ObservationKind[] = ROWS.map(
  ([field, code, display, text, profile, unitCode, unitDisplay, decimals]) => ({
    field,
    coding: field === 'spo2' ? [loinc(code, display), SPO2_BY_OXIMETRY] : [loinc(code, display)],
    text,
    category: profile ? 'vital-signs' : 'laboratory',
    ...(profile ? { profile: PROFILE + profile } : {}),
    unit: { code: unitCode, display: unitDisplay },
    ...(field === 'height' ? { scale: 100 } : {}),
    decimals,
  }),
);

export const BP_PANEL = {
  coding: [loinc('85354-9', 'Blood pressure panel with all children optional')],
  text: 'Blood pressure',
  profile: PROFILE + 'bp',
  unit: { code: 'mm[Hg]', display: 'mmHg' },
  decimals: 1,
  components: [
    { field: 'systolic', coding: [loinc('8480-6', 'Systolic blood pressure')], required: true },
    { field: 'diastolic', coding: [loinc('8462-4', 'Diastolic blood pressure')], required: true },
    { field: 'meanArterial', coding: [loinc('8478-0', 'Mean blood pressure')], required: false },
  ],
} as const;

export type DataAbsentCode = 'not-a-number' | 'error' | 'positive-infinity' | 'negative-infinity' | 'unknown';

const DAR_DISPLAY: Record<DataAbsentCode, string> = {
  'not-a-number': 'Not a Number (NaN)',
  error: 'Error',
  'positive-infinity': 'Positive Infinity (PINF)',
  'negative-infinity': 'Negative Infinity (NINF)',
  unknown: 'Unknown',
};

/**
 * BLE absent reasons → data-absent-reason codes, as HL7 PHD maps IEEE-11073 specials
 * (NaN, ±infinity as themselves): NRes and the reserved value are 'error', and so is a scale's
 * "measurement unsuccessful". Any other reason on a vital is also 'error'.
 */
export function dataAbsentCode(reason: string): DataAbsentCode {
  if (
    reason === 'not-a-number' ||
    reason === 'positive-infinity' ||
    reason === 'negative-infinity' ||
    reason === 'unknown'
  )
    return reason;
  return 'error';
}

export function dataAbsentConcept(code: DataAbsentCode): { coding: Coding[]; text: string } {
  return { coding: [{ system: DATA_ABSENT_REASON, code, display: DAR_DISPLAY[code] }], text: DAR_DISPLAY[code] };
}
