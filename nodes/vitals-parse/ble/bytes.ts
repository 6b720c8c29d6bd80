// What a BLE→MQTT gateway forwards (a Buffer, a hex or base64 string, a Buffer after JSON, an
// array of bytes) → bytes. Never throws: a value it cannot read comes back with the reason.
import { isArrayBuffer, isUint8Array } from '../../lib/plain-data';

export type ByteEncoding = 'auto' | 'hex' | 'base64' | 'buffer';
export const BYTE_ENCODINGS: readonly ByteEncoding[] = ['auto', 'hex', 'base64', 'buffer'];

export type BytesResult =
  | { ok: true; bytes: Buffer; encoding: 'hex' | 'base64' | 'buffer' }
  | { ok: false; reason: 'empty-input' | 'bad-encoding'; message: string };

/**
 * Hex digits, optionally split by whitespace, ':' ',' or '-' and prefixed by 0x (once, or on every
 * token). With separators each token holds whole bytes: "5 48" is refused, not read as 0x54 0x8?.
 */
function parseHex(text: string): Buffer | string {
  const tokens = text
    .trim()
    .split(/[\s:,-]+/)
    .filter((t) => t.length > 0);
  let digits = '';
  for (const token of tokens) {
    const m = /^(?:0[xX])?([0-9a-fA-F]*)$/.exec(token);
    if (!m) return `'${token}' is not hex`;
    if (tokens.length > 1 && m[1].length % 2 !== 0) return `hex group '${token}' has an odd number of digits`;
    digits += m[1];
  }
  if (digits.length === 0) return 'no hex digits';
  if (digits.length % 2 !== 0) return `odd number of hex digits (${digits.length})`;
  return Buffer.from(digits, 'hex');
}

/**
 * Strict base64 (standard or URL-safe alphabet, padding optional). Node's own decoder skips
 * characters it does not know, which would turn typos into wrong bytes.
 */
function parseBase64(text: string): Buffer | string {
  const s = text.replace(/\s+/g, '');
  const m = /^([A-Za-z0-9+/]*|[A-Za-z0-9\-_]*)(={0,2})$/.exec(s);
  if (!m) return 'not base64 (unexpected character)';
  const [, body, pad] = m;
  if (pad.length > 0 && s.length % 4 !== 0) return 'not base64 (bad padding)';
  if (body.length % 4 === 1) return 'not base64 (length)';
  if (body.length === 0) return 'no base64 characters';
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function fromBinary(value: unknown): Buffer | undefined {
  if (isUint8Array(value)) return Buffer.from(value);
  if (isArrayBuffer(value)) return Buffer.from(value);
  // A Buffer that went through JSON (over MQTT or a link node): {type:'Buffer', data:[...]}.
  const data = Array.isArray(value)
    ? value
    : (value as { type?: unknown } | null)?.type === 'Buffer'
      ? (value as { data?: unknown }).data
      : undefined;
  if (!Array.isArray(data) || !data.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
  return Buffer.from(data as number[]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array that is not a list of bytes 0-255';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * 'auto' reads binary values, or a string as hex (even digit count), else as base64 without inner
 * whitespace: so "ABCD" is hex (AB CD), never base64, and "17 4" is an error, not base64.
 */
export function toBytes(value: unknown, encoding: ByteEncoding = 'auto'): BytesResult {
  const fail = (reason: 'empty-input' | 'bad-encoding', message: string) => ({ ok: false, reason, message }) as const;
  if (typeof value !== 'string') {
    if (encoding === 'hex' || encoding === 'base64')
      return fail('bad-encoding', `expected a ${encoding} string, got ${describe(value)}`);
    const bytes = fromBinary(value);
    if (bytes === undefined) {
      const reason = value === undefined || value === null ? 'empty-input' : 'bad-encoding';
      return fail(reason, `expected bytes (Buffer, hex or base64 string), got ${describe(value)}`);
    }
    return bytes.length === 0
      ? fail('empty-input', 'the value holds no bytes')
      : { ok: true, bytes, encoding: 'buffer' };
  }
  if (value.trim() === '') return fail('empty-input', 'the value is an empty string');
  if (encoding === 'buffer')
    return fail('bad-encoding', 'expected a Buffer, got a string (set the encoding to hex, base64 or auto)');
  if (encoding === 'hex' || encoding === 'base64') {
    const bytes = encoding === 'hex' ? parseHex(value) : parseBase64(value);
    if (typeof bytes === 'string') return fail('bad-encoding', `not a ${encoding} string: ${bytes}`);
    return { ok: true, bytes, encoding };
  }
  const hex = parseHex(value);
  if (typeof hex !== 'string') return { ok: true, bytes: hex, encoding: 'hex' };
  // Gateways send base64 in one piece; inner whitespace here is far likelier mistyped hex.
  const base64 = /\S\s+\S/.test(value) ? undefined : parseBase64(value);
  if (typeof base64 === 'object') return { ok: true, bytes: base64, encoding: 'base64' };
  return fail('bad-encoding', 'the string is neither hex (even number of hex digits) nor valid base64');
}
