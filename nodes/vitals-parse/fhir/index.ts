// A Reading → a FHIR R4 Bundle (type collection) of vital-signs Observations. Pure: no
// Node-RED, no I/O. toFhirBundle throws FhirMappingError only for a reading without a deviceId
// or with a timestamp outside years 0001–9999, which a parsed reading never is.
//
// What maps is codes.ts; the BLE-only extras without an R4 vital-signs code
// (rrIntervals, energyExpended, pulseAmplitudeIndex, the PLX fast/slow pairs) and onOxygen and
// consciousness do not. Decisions:
// - Mean arterial pressure is a third component (8478-0) of the BP panel, not its own
//   Observation: it is the same cuff measurement and the R4 bp profile's slicing is open.
//   Systolic and diastolic are required by the profile, so a missing one gets dataAbsentReason
//   'unknown'.
// - subject is Patient/<patientId>. Without a patientId there is no subject and no
//   meta.profile (the profiles require a subject): pointing at Patient/<deviceId> would file
//   data under a patient who does not exist. device is Device/<deviceId>; an id that is not a
//   FHIR id ("ward3/bed12") becomes a logical reference by identifier.
// - ids are UUIDs from SHA-256 of [deviceId, timestamp, LOINC code] (the Bundle's: 'Bundle'),
//   so the same reading always gives the same ids and a re-sent message updates its resources.
// - Special values (reading.absent) and non-finite numbers give dataAbsentReason instead of a
//   value (HL7 PHD's mapping of IEEE-11073 specials); no NaN or Infinity is ever written.
// - Values are rounded to the device's own precision (reading.precision), else to 0.1 °C, 0.1 mmHg,
//   0.01 kg, 0.1 mmol/L. The status is 'preliminary' when the device says the measurement is ongoing
//   or an early estimate, else 'final', unless options.status says otherwise.

import { roundTo } from '../../lib/units';
import type { Reading } from '../../lib/reading';
import { BP_PANEL, dataAbsentCode, dataAbsentConcept, OBSERVATION_CATEGORY, SINGLE_VALUE_KINDS, UCUM } from './codes';
import type { DataAbsentCode } from './codes';
import { stableUuid } from './stable-id';
import type {
  Bundle,
  CodeableConcept,
  Coding,
  Observation,
  ObservationComponent,
  ObservationStatus,
  Quantity,
  Reference,
} from './types';

export interface FhirOptions {
  status?: ObservationStatus;
  patientIdentifierSystem?: string;
  deviceIdentifierSystem?: string;
}

export class FhirMappingError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FhirMappingError';
  }
}

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const URI_IDENTIFIER = 'urn:ietf:rfc:3986';
const PRELIMINARY_STATUS = ['measurement-ongoing', 'early-estimated-data'];

function reference(type: 'Patient' | 'Device', id: string, system: string | undefined): Reference {
  if (FHIR_ID.test(id)) return { reference: `${type}/${id}` };
  return { type, identifier: system ? { system, value: id } : { value: id } };
}

function category(code: 'vital-signs' | 'laboratory'): CodeableConcept[] {
  const display = code === 'vital-signs' ? 'Vital Signs' : 'Laboratory';
  return [{ coding: [{ system: OBSERVATION_CATEGORY, code, display }], text: display }];
}

type Value = { quantity: Quantity } | { absent: DataAbsentCode } | undefined;

/** The reading's value for a field: a rounded Quantity, a data-absent code, or nothing at all. */
function valueOf(
  r: Reading,
  field: string,
  unit: { code: string; display: string },
  defaultDecimals: number,
  scale = 1,
): Value {
  const v = (r as unknown as Record<string, unknown>)[field];
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return { absent: 'not-a-number' };
    if (!Number.isFinite(v)) return { absent: v > 0 ? 'positive-infinity' : 'negative-infinity' };
    const own = r.precision?.[field];
    // A scale of 100 (m → cm) moves two decimals out of the fraction.
    const decimals =
      typeof own === 'number' && Number.isInteger(own) && own >= 0
        ? own - Math.round(Math.log10(scale))
        : defaultDecimals;
    const scaled = v * scale;
    if (!Number.isFinite(scaled)) return { absent: 'error' };
    // Past ~1e292 the rounding itself overflows; such a number has no fraction to round anyway.
    const rounded = roundTo(scaled, Math.min(15, Math.max(0, decimals)));
    const value = Number.isFinite(rounded) ? rounded : scaled;
    return { quantity: { value: value === 0 ? 0 : value, unit: unit.display, system: UCUM, code: unit.code } };
  }
  const absent = r.absent?.find((a) => a.field === field);
  return absent ? { absent: dataAbsentCode(absent.reason) } : undefined;
}

export function toFhirBundle(reading: Reading, options: FhirOptions = {}): Bundle {
  if (typeof reading?.deviceId !== 'string' || reading.deviceId.length === 0) {
    throw new FhirMappingError('deviceId', 'reading.deviceId must be a non-empty string');
  }
  const ms = typeof reading.timestamp === 'string' ? Date.parse(reading.timestamp) : NaN;
  // FHIR dateTime has a four-digit year; toISOString would write +010000 or -000001.
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) {
    throw new FhirMappingError(
      'timestamp',
      `reading.timestamp is not an ISO 8601 date in years 0001-9999: ${String(reading.timestamp)}`,
    );
  }
  const effective = new Date(ms).toISOString();
  const deviceId = reading.deviceId;
  const status: ObservationStatus =
    options.status ?? (reading.status?.some((s) => PRELIMINARY_STATUS.includes(s)) ? 'preliminary' : 'final');
  const subject =
    typeof reading.patientId === 'string' && reading.patientId.length > 0
      ? reference('Patient', reading.patientId, options.patientIdentifierSystem)
      : undefined;
  const device = reference('Device', deviceId, options.deviceIdentifierSystem);

  // Elements in R4's own order, so the JSON reads like the specification's examples.
  const observation = (
    coding: readonly Coding[],
    text: string,
    cat: 'vital-signs' | 'laboratory',
    profile: string | undefined,
    value: Value,
    extra: Pick<Observation, 'bodySite' | 'component'> = {},
  ): Observation => {
    const id = stableUuid(deviceId, effective, coding[0].code);
    return {
      resourceType: 'Observation',
      id,
      ...(profile && subject ? { meta: { profile: [profile] } } : {}),
      identifier: [{ system: URI_IDENTIFIER, value: `urn:uuid:${id}` }],
      status,
      category: category(cat),
      code: { coding: coding.map((c) => ({ ...c })), text },
      ...(subject ? { subject: { ...subject } } : {}),
      effectiveDateTime: effective,
      ...(value ? valueElement(value) : {}),
      ...(extra.bodySite ? { bodySite: extra.bodySite } : {}),
      device: { ...device },
      ...(extra.component ? { component: extra.component } : {}),
    };
  };

  const resources: Observation[] = [];
  for (const kind of SINGLE_VALUE_KINDS) {
    const value = valueOf(reading, kind.field, kind.unit, kind.decimals, kind.scale);
    if (!value) continue;
    const site =
      kind.field === 'temperature' && typeof reading.temperatureSite === 'string'
        ? { bodySite: { text: reading.temperatureSite } }
        : {};
    resources.push(observation(kind.coding, kind.text, kind.category, kind.profile, value, site));
  }

  const bpValues = BP_PANEL.components.map((c) => ({
    c,
    value: valueOf(reading, c.field, BP_PANEL.unit, BP_PANEL.decimals),
  }));
  if (bpValues.some((b) => b.value)) {
    // The panel itself has no value: vs-2 is met by its components.
    const component = bpValues
      .filter((b) => b.value || b.c.required)
      .map(({ c, value }): ObservationComponent => ({
        code: { coding: c.coding.map((x) => ({ ...x })) },
        ...valueElement(value ?? { absent: 'unknown' }),
      }));
    resources.push(
      observation(BP_PANEL.coding, BP_PANEL.text, 'vital-signs', BP_PANEL.profile, undefined, { component }),
    );
  }

  const bundleId = stableUuid(deviceId, effective, 'Bundle');
  return {
    resourceType: 'Bundle',
    id: bundleId,
    identifier: { system: URI_IDENTIFIER, value: `urn:uuid:${bundleId}` },
    type: 'collection',
    entry: resources.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
  };
}

function valueElement(value: NonNullable<Value>): { valueQuantity: Quantity } | { dataAbsentReason: CodeableConcept } {
  return 'quantity' in value
    ? { valueQuantity: value.quantity }
    : { dataAbsentReason: dataAbsentConcept(value.absent) };
}

export { stableUuid } from './stable-id';
export { SINGLE_VALUE_KINDS, BP_PANEL, dataAbsentCode } from './codes';
export type { ObservationKind, DataAbsentCode } from './codes';
export type {
  Bundle,
  BundleEntry,
  Observation,
  ObservationComponent,
  Quantity,
  Reference,
  CodeableConcept,
  Coding,
} from './types';
