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

export const SINGLE_VALUE_KINDS: readonly ObservationKind[] = [
  {
    field: 'heartRate',
    coding: [loinc('8867-4', 'Heart rate')],
    text: 'Heart rate',
    category: 'vital-signs',
    profile: PROFILE + 'heartrate',
    unit: { code: '/min', display: 'beats/minute' },
    decimals: 1,
  },
  {
    field: 'respiratoryRate',
    coding: [loinc('9279-1', 'Respiratory rate')],
    text: 'Respiratory rate',
    category: 'vital-signs',
    profile: PROFILE + 'resprate',
    unit: { code: '/min', display: 'breaths/minute' },
    decimals: 1,
  },
  {
    field: 'spo2',
    // 2708-6 is the code the R4 oxygensat profile fixes; 59408-5 says "by pulse oximetry" (US Core adds it).
    coding: [
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
    ],
    text: 'Oxygen saturation',
    category: 'vital-signs',
    profile: PROFILE + 'oxygensat',
    unit: { code: '%', display: '%' },
    decimals: 1,
  },
  {
    field: 'temperature',
    coding: [loinc('8310-5', 'Body temperature')],
    text: 'Body temperature',
    category: 'vital-signs',
    profile: PROFILE + 'bodytemp',
    unit: { code: 'Cel', display: 'C' },
    decimals: 1,
  },
  {
    field: 'weight',
    coding: [loinc('29463-7', 'Body weight')],
    text: 'Body weight',
    category: 'vital-signs',
    profile: PROFILE + 'bodyweight',
    unit: { code: 'kg', display: 'kg' },
    decimals: 2,
  },
  {
    field: 'height',
    coding: [loinc('8302-2', 'Body height')],
    text: 'Body height',
    category: 'vital-signs',
    profile: PROFILE + 'bodyheight',
    unit: { code: 'cm', display: 'cm' },
    scale: 100,
    decimals: 1,
  },
  {
    field: 'bmi',
    coding: [loinc('39156-5', 'Body mass index (BMI) [Ratio]')],
    text: 'BMI',
    category: 'vital-signs',
    profile: PROFILE + 'bmi',
    unit: { code: 'kg/m2', display: 'kg/m2' },
    decimals: 1,
  },
  {
    field: 'glucose',
    coding: [loinc('15074-8', 'Glucose [Moles/volume] in Blood')],
    text: 'Blood glucose',
    category: 'laboratory',
    unit: { code: 'mmol/L', display: 'mmol/L' },
    decimals: 1,
  },
];

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
