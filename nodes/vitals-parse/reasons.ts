// Why a message or a vital was refused: stable codes (flows may switch on them) and the
// English sentences for them. The node's locale files hold the same templates under
// `vitals-parse.errors.<code>` (a unit test keeps the two in step); placeholders are
// Node-RED/i18next style, __name__.

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

/**
 * The node's other runtime strings, keyed by their path under `vitals-parse.` in the locale
 * files. Used when Node-RED has no catalogue loaded (RED._ returns the key itself), as in tests.
 */
export const RUNTIME_TEXT: Readonly<Record<string, string>> = {
  'status.ok': '__ok__ ok',
  'status.rejected': '__ok__ ok, __rejected__ rejected',
  'warn.dropped': 'Passed the reading on without __count__ value(s): __fields__. See msg.payload.dropped.',
  'warn.droppedFhir': 'Passed the reading on without __count__ value(s): __fields__. See msg.reading.dropped.',
  'errors.more': '(__count__ more problem(s) in this message.)',
};

/** Fills __name__ placeholders. */
export function fill(template: string, params: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const v = params[name];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  });
}

/** Placeholder values for a reason's sentence. */
export interface ReasonParams {
  field?: string;
  value?: string;
  detail?: string;
  unit?: string;
  min?: string;
  max?: string;
  /** Bluetooth rejections: "0x2A35", the byte offset, the packet's length, the field's label, bytes missing. */
  characteristic?: string;
  offset?: string;
  length?: string;
  label?: string;
  missing?: string;
}

const PLACEHOLDER = /__(\w+)__/g;

/** English sentence for a reason. The node uses RED._ with the same params instead. */
export function explain(reason: ReasonCode, params: ReasonParams): string {
  return fill(REASONS[reason], params as Record<string, unknown>);
}

/** A short, safe rendering of an input value for messages: never the whole payload. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? value.slice(0, 37) + '...' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}
