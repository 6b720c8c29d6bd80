// LOINC codes, UCUM units and R4 vital-signs profiles for each reading field, and the
// data-absent-reason codes for a value a device sent without a number.
import type { CodeableConcept, Coding } from './index';

export const UCUM = 'http://unitsofmeasure.org' as const;
const PROFILE = 'http://hl7.org/fhir/StructureDefinition/';
const loinc = (code: string, display: string): Coding => ({ system: 'http://loinc.org', code, display });

// A row a field, to be read against LOINC's and R4's lists: LOINC code and display, text, R4
// profile, UCUM code and display, and the decimals when the reading carries no precision.
// Glucose has no profile: it is not in the R4 vital-signs set (a laboratory result).
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

export const SINGLE_VALUE_KINDS = ROWS.map(
  ([field, code, display, text, profile, unitCode, unitDisplay, decimals]) => ({
    field,
    coding: field === 'spo2' ? [loinc(code, display), SPO2_BY_OXIMETRY] : [loinc(code, display)],
    text,
    category: profile ? ('vital-signs' as const) : ('laboratory' as const),
    profile: profile ? PROFILE + profile : undefined,
    unit: { code: unitCode, display: unitDisplay },
    // The reading holds metres; the bodyheight profile asks for cm.
    scale: field === 'height' ? 100 : 1,
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
};

const DATA_ABSENT: Record<string, string> = {
  'not-a-number': 'Not a Number (NaN)',
  'positive-infinity': 'Positive Infinity (PINF)',
  'negative-infinity': 'Negative Infinity (NINF)',
  unknown: 'Unknown',
  error: 'Error',
};

/**
 * A data-absent-reason for a BLE absent reason or a non-finite number, as HL7 PHD maps
 * IEEE-11073 specials: NaN and ±infinity as themselves; NRes, the reserved value, a scale's
 * "measurement unsuccessful" and any other reason are 'error'.
 */
export function dataAbsentReason(reason: string): CodeableConcept {
  const code = Object.hasOwn(DATA_ABSENT, reason) ? reason : 'error';
  const display = DATA_ABSENT[code];
  const system = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
  return { coding: [{ system, code, display }], text: display };
}
