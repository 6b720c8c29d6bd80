// Why a message or a value was refused: stable codes (flows may switch on them) and their English
// sentences, which the locale files repeat under `vitals-parse.errors.<code>` (a unit test keeps
// them in step; placeholders are i18next's __name__); and what each part of vitals-parse returns.
import type { DroppedVital, Reading } from '../lib/reading';

export const REASONS = {
  'no-characteristic':
    'The payload is binary but no Bluetooth characteristic is known: choose one in the node, send msg.characteristic (e.g. "2a37") or use a topic whose part __detail__ names one.',
  'unknown-characteristic': 'Characteristic __value__ is not one this node decodes (__detail__).',
  'bad-encoding': 'The __characteristic__ payload could not be read as bytes: __detail__.',
  'too-short':
    'The __characteristic__ packet is too short: it has __length__ bytes, but __label__ at offset __offset__ needs __missing__ more.',
  'device-status': 'The device marked this __characteristic__ measurement as unusable (__value__), so it was refused.',
  'fhir-mapping': 'The reading could not be written as FHIR: __detail__.',
  'wrong-type': 'The payload is __detail__; expected an object, a JSON string or a text line such as hr=72;spo2=98.',
  'too-long': 'The payload text is __detail__ characters long, more than the __max__ a reading may have.',
  unparseable: 'The payload could not be read: __detail__.',
  'prototype-key': 'The payload contains the forbidden key "__field__", so the whole message was refused.',
  'no-vitals': 'The payload holds no vital sign this node knows (see the alias table in the help).',
  'no-device-id':
    'No device id: the payload has no deviceId/device/id/patientId, msg.topic has no segment __detail__, and the node\'s "Device id if none" is empty.',
  'bad-id': '__field__ must be a non-empty string or a number, not __detail__.',
  'bad-timestamp': '__field__ "__value__" is __detail__.',
  'not-a-number': '__field__ "__value__" is not a number.',
  'bad-unit': '__field__: __detail__.',
  'out-of-range': '__field__ __value__ __unit__ is outside the plausibility limits __min__ to __max__ __unit__.',
  'bp-order': 'Diastolic __value__ mmHg is not below systolic __detail__ mmHg, so both were dropped.',
  conflict: '__field__ was given twice with different values (__value__ and __detail__).',
  'bad-value': '__field__ "__value__" is not one of the accepted values (__detail__).',
} as const;

export type ReasonCode = keyof typeof REASONS;

/** The node's other runtime strings, by their path under `vitals-parse.`: for a runtime without the catalogue. */
export const RUNTIME_TEXT: Readonly<Record<string, string>> = {
  'status.ok': '__ok__ ok',
  'status.rejected': '__ok__ ok, __rejected__ rejected',
  'warn.dropped': 'Passed the reading on without __count__ value(s): __fields__. See msg.payload.dropped.',
  'warn.droppedFhir': 'Passed the reading on without __count__ value(s): __fields__. See msg.reading.dropped.',
  'errors.more': '(__count__ more problem(s) in this message.)',
};

/** The placeholder values of a sentence; for Bluetooth also the packet's offset, length, label... */
export type ReasonParams = Partial<Record<'field' | 'value' | 'detail' | 'unit' | 'min' | 'max' | BleParam, string>>;
type BleParam = 'characteristic' | 'offset' | 'length' | 'label' | 'missing';

export function fill(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(/__(\w+)__/g, (_, name: string) => {
    const v = params[name];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  });
}

/** A short, safe rendering of an input value for messages: never the whole payload. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? value.slice(0, 37) + '...' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Why one value was left out of a reading. */
export interface Problem {
  field: string;
  reason: ReasonCode;
  params: ReasonParams;
}

/** Why a whole message was refused, in one readable English `message`; `more` problems beyond this one. */
export interface Refusal extends Problem {
  ok: false;
  message: string;
  more: number;
}

/** A Reading with the problems of the values it left out (reading.dropped), or the refusal. */
export type ParseResult = { ok: true; reading: Reading; problems: Problem[] } | Refusal;

export function fail(field: string, reason: ReasonCode, params: ReasonParams = {}, more = 0): Refusal {
  const full = { field, ...params };
  const suffix = more > 0 ? ' ' + fill(RUNTIME_TEXT['errors.more'], { count: more }) : '';
  return { ok: false, field, reason, message: fill(REASONS[reason], full) + suffix, params: full, more };
}

/** The refusal for a message whose every value was refused: the first problem names it. */
export function failAll(problems: readonly Problem[]): Refusal {
  if (problems.length === 0) return fail('payload', 'no-vitals');
  const { field, reason, params } = problems[0];
  return fail(field, reason, params, problems.length - 1);
}

export type DropFn = (field: string, value: unknown, reason: ReasonCode, params?: ReasonParams) => void;

/** Reports a refused value both ways a reading keeps it: in `dropped`, and as a problem. */
export const dropInto =
  (dropped: DroppedVital[], problems: Problem[]): DropFn =>
  (field, value, reason, params = {}) => {
    // NaN and ±Infinity are kept as text: as numbers JSON would turn them into null, and charts
    // and FHIR would get values they are not.
    const kept =
      typeof value === 'number' && !Number.isFinite(value)
        ? String(value)
        : typeof value === 'string'
          ? showValue(value)
          : value;
    dropped.push({ field, value: kept, reason });
    problems.push({ field, reason, params: { field, value: showValue(value), ...params } });
  };
