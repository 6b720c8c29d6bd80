// A Reading → a FHIR R4 Bundle (type collection) of vital-signs Observations; codes.ts says which
// fields map and how. Pure. Decisions:
// - Mean arterial pressure is a third component (8478-0) of the BP panel: the same cuff measurement,
//   and the profile's slicing is open. It requires systolic and diastolic: a missing one is 'unknown'.
// - subject is Patient/<patientId>. Without a patientId there is no subject and no meta.profile
//   (the profiles require a subject): Patient/<deviceId> would file data under a patient who does
//   not exist. An id that is not a FHIR id ("ward3/bed12") becomes a logical reference by identifier.
// - ids are UUIDs from SHA-256 of [deviceId, timestamp, LOINC code] ('Bundle' for the Bundle), so
//   the same reading always gives the same ids and a re-sent message updates its resources.
// - Special values (reading.absent) and non-finite numbers give dataAbsentReason, as HL7 PHD maps
//   IEEE-11073 specials: no NaN or Infinity is ever written.
import { createHash } from 'node:crypto';
import type { Reading } from '../../lib/reading';
import { roundTo } from '../../lib/units';
import { fail, type Refusal } from '../reasons';
import { BP_PANEL, dataAbsentReason, SINGLE_VALUE_KINDS, UCUM } from './codes';

export { BP_PANEL, SINGLE_VALUE_KINDS } from './codes';

// The slice of FHIR R4 (hl7.org/fhir/R4) that the vital-signs mapping writes.
export type Coding = { system: string; code: string; display?: string };
export type CodeableConcept = { coding?: Coding[]; text?: string };
type Quantity = { value: number; unit: string; system: 'http://unitsofmeasure.org'; code: string };
type Identifier = { system?: string; value: string };
type Reference = { reference?: string; type?: string; identifier?: Identifier };

export interface Observation {
  resourceType: 'Observation';
  id: string;
  meta?: { profile: string[] };
  identifier: Identifier[];
  status: 'preliminary' | 'final';
  category: CodeableConcept[];
  code: CodeableConcept;
  subject?: Reference;
  effectiveDateTime: string;
  valueQuantity?: Quantity;
  dataAbsentReason?: CodeableConcept;
  bodySite?: CodeableConcept;
  device?: Reference;
  component?: ObservationComponent[];
}
type ObservationComponent = Pick<Observation, 'code' | 'valueQuantity' | 'dataAbsentReason'>;

export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  identifier: Identifier;
  type: 'collection';
  entry: { fullUrl: string; resource: Observation }[];
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

/**
 * A UUID from SHA-256 of the parts (RFC 9562 version 8, "custom"). JSON-encoding the parts keeps
 * ["a|b","c"] and ["a","b|c"] apart.
 */
function stableUuid(...parts: string[]): string {
  const b = createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x80;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const URI_IDENTIFIER = 'urn:ietf:rfc:3986';

const reference = (type: 'Patient' | 'Device', id: string): Reference =>
  /^[A-Za-z0-9\-.]{1,64}$/.test(id) ? { reference: `${type}/${id}` } : { type, identifier: { value: id } };

function category(code: 'vital-signs' | 'laboratory'): CodeableConcept[] {
  const display = code === 'vital-signs' ? 'Vital Signs' : 'Laboratory';
  const system = 'http://terminology.hl7.org/CodeSystem/observation-category';
  return [{ coding: [{ system, code, display }], text: display }];
}

type Value = { valueQuantity: Quantity } | { dataAbsentReason: CodeableConcept };

/**
 * The reading's value for a field: a Quantity rounded to the device's own precision (else to
 * `decimals`), a data-absent reason, or nothing at all.
 */
function valueOf(r: Reading, field: string, unit: { code: string; display: string }, decimals: number, scale = 1) {
  const v = (r as unknown as Record<string, unknown>)[field];
  if (typeof v !== 'number') {
    const absent = r.absent?.find((a) => a.field === field);
    return absent && { dataAbsentReason: dataAbsentReason(absent.reason) };
  }
  if (Number.isNaN(v)) return { dataAbsentReason: dataAbsentReason('not-a-number') };
  if (!Number.isFinite(v))
    return { dataAbsentReason: dataAbsentReason(v > 0 ? 'positive-infinity' : 'negative-infinity') };
  const scaled = v * scale;
  if (!Number.isFinite(scaled)) return { dataAbsentReason: dataAbsentReason('error') };
  const own = r.precision?.[field];
  // A scale of 100 (m → cm) moves two decimals out of the fraction.
  const places = typeof own === 'number' && Number.isInteger(own) && own >= 0 ? own - Math.log10(scale) : decimals;
  // Past ~1e292 the rounding itself overflows; such a number has no fraction to round anyway.
  const rounded = roundTo(scaled, Math.min(15, Math.max(0, places)));
  const value = Number.isFinite(rounded) ? rounded : scaled;
  return { valueQuantity: { value: value === 0 ? 0 : value, unit: unit.display, system: UCUM, code: unit.code } };
}

export function toFhirBundle(reading: Reading): Bundle {
  if (typeof reading?.deviceId !== 'string' || reading.deviceId.length === 0) {
    throw new FhirMappingError('deviceId', 'reading.deviceId must be a non-empty string');
  }
  const ms = typeof reading.timestamp === 'string' ? Date.parse(reading.timestamp) : NaN;
  // FHIR dateTime has a four-digit year; toISOString would write +010000 or -000001.
  const year = new Date(ms).getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) {
    const message = `reading.timestamp is not an ISO 8601 date in years 0001-9999: ${String(reading.timestamp)}`;
    throw new FhirMappingError('timestamp', message);
  }
  const effective = new Date(ms).toISOString();
  const deviceId = reading.deviceId;
  const preliminary = reading.status?.some((s) => s === 'measurement-ongoing' || s === 'early-estimated-data');
  const subject =
    typeof reading.patientId === 'string' && reading.patientId.length > 0
      ? reference('Patient', reading.patientId)
      : undefined;

  // Elements in R4's own order, so the JSON reads like the specification's examples.
  const observation = (
    kind: { coding: readonly Coding[]; text: string; category?: 'vital-signs' | 'laboratory'; profile?: string },
    value: Value | undefined,
    { bodySite, component }: Pick<Observation, 'bodySite' | 'component'> = {},
  ): Observation => {
    const id = stableUuid(deviceId, effective, kind.coding[0].code);
    return {
      resourceType: 'Observation',
      id,
      ...(kind.profile && subject ? { meta: { profile: [kind.profile] } } : {}),
      identifier: [{ system: URI_IDENTIFIER, value: `urn:uuid:${id}` }],
      status: preliminary ? 'preliminary' : 'final',
      category: category(kind.category ?? 'vital-signs'),
      code: { coding: kind.coding.map((c) => ({ ...c })), text: kind.text },
      ...(subject ? { subject: { ...subject } } : {}),
      effectiveDateTime: effective,
      ...value,
      ...(bodySite ? { bodySite } : {}),
      device: reference('Device', deviceId),
      ...(component ? { component } : {}),
    };
  };

  const resources: Observation[] = [];
  for (const kind of SINGLE_VALUE_KINDS) {
    const value = valueOf(reading, kind.field, kind.unit, kind.decimals, kind.scale);
    if (!value) continue;
    const site = kind.field === 'temperature' && typeof reading.temperatureSite === 'string';
    resources.push(observation(kind, value, site ? { bodySite: { text: reading.temperatureSite } } : {}));
  }

  const bp = BP_PANEL.components.map((c) => ({
    c,
    value: valueOf(reading, c.field, BP_PANEL.unit, BP_PANEL.decimals),
  }));
  if (bp.some((b) => b.value)) {
    // The panel itself has no value: vs-2 is met by its components.
    const component = bp
      .filter((b) => b.value || b.c.required)
      .map(({ c, value }): ObservationComponent => ({
        code: { coding: c.coding.map((x) => ({ ...x })) },
        ...(value ?? { dataAbsentReason: dataAbsentReason('unknown') }),
      }));
    resources.push(observation(BP_PANEL, undefined, { component }));
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

/** toFhirBundle, its one possible throw turned into an ordinary refusal. */
export function readingToFhir(reading: Reading): { ok: true; bundle: Bundle } | Refusal {
  try {
    return { ok: true, bundle: toFhirBundle(reading) };
  } catch (err) {
    const field = err instanceof FhirMappingError ? err.field : 'payload';
    return fail(field, 'fhir-mapping', { detail: err instanceof Error ? err.message : String(err) });
  }
}
