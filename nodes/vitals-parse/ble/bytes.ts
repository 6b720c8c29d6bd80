// Turn what a BLE→MQTT gateway forwards (a Buffer, a hex string, a base64 string, or a
// JSON-serialised Buffer) into bytes. Never throws: a bad value comes back as a reason.

import { isArrayBuffer, isUint8Array } from '../../lib/plain-data';

export type ByteEncoding = 'auto' | 'hex' | 'base64' | 'buffer';
export const BYTE_ENCODINGS: readonly ByteEncoding[] = ['auto', 'hex', 'base64', 'buffer'];

export type BytesResult =
  | { ok: true; bytes: Uint8Array; encoding: 'hex' | 'base64' | 'buffer' }
  | { ok: false; reason: 'empty-input' | 'bad-encoding'; message: string };

const SEPARATORS = /[\s:,-]+/;
const HEX_TOKEN = /^(?:0[xX])?([0-9a-fA-F]*)$/;

/**
 * Hex digits, optionally split by whitespace, ':' ',' or '-' and optionally prefixed by 0x
 * (once, or on every token). When separators are used each token must hold whole bytes,
 * so "5 48" is refused rather than silently read as 0x54 0x8?.
 */
function parseHex(text: string): Uint8Array | string {
  const trimmed = text.trim();
  const tokens = trimmed.split(SEPARATORS).filter((t) => t.length > 0);
  if (tokens.length === 0) return 'no hex digits';
  let digits = '';
  for (const token of tokens) {
    const m = HEX_TOKEN.exec(token);
    if (!m) return `'${token}' is not hex`;
    if (tokens.length > 1 && m[1].length % 2 !== 0) return `hex group '${token}' has an odd number of digits`;
    digits += m[1];
  }
  if (digits.length === 0) return 'no hex digits';
  if (digits.length % 2 !== 0) return `odd number of hex digits (${digits.length})`;
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/**
 * Strict base64 (standard or URL-safe alphabet, padding optional). Node's own decoder
 * skips characters it does not know, which would turn typos into wrong bytes.
 */
function parseBase64(text: string): Uint8Array | string {
  const s = text.replace(/\s+/g, '');
  if (s.length === 0) return 'no base64 characters';
  const m = /^([A-Za-z0-9+/]*|[A-Za-z0-9\-_]*)(={0,2})$/.exec(s);
  if (!m) return 'not base64 (unexpected character)';
  const body = m[1];
  const pad = m[2];
  if (pad.length > 0 && s.length % 4 !== 0) return 'not base64 (bad padding)';
  if (body.length % 4 === 1) return 'not base64 (length)';
  if (body.length === 0) return 'no base64 characters';
  return Uint8Array.from(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

function looksLikeHex(text: string): boolean {
  const r = parseHex(text);
  return typeof r !== 'string';
}

function fromBinary(value: unknown): Uint8Array | undefined {
  if (isUint8Array(value)) return Uint8Array.from(value); // Buffer is a Uint8Array
  if (isArrayBuffer(value)) return new Uint8Array(value.slice(0));
  // A Buffer that went through JSON (e.g. over MQTT or a link node): {type:'Buffer', data:[...]}.
  const data = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer'
      ? (value as { data?: unknown }).data
      : undefined;
  if (!Array.isArray(data)) return undefined;
  if (!data.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) return undefined;
  return Uint8Array.from(data as number[]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array that is not a list of bytes 0-255';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Read bytes from `value`.
 * - 'buffer': a Buffer/Uint8Array/ArrayBuffer, an array of integers 0-255, or {type:'Buffer',data:[...]}.
 * - 'hex', 'base64': a string in that encoding.
 * - 'auto': binary values as for 'buffer'; a string that is only hex digits and separators
 *   (optional 0x) with an even digit count is hex, otherwise base64 if it is valid base64
 *   with no inner whitespace, otherwise an error. So "ABCD" is read as hex (AB CD), never
 *   as base64, and "17 4" is an error rather than two base64 bytes.
 */
export function toBytes(value: unknown, encoding: ByteEncoding = 'auto'): BytesResult {
  const fail = (reason: 'empty-input' | 'bad-encoding', message: string): BytesResult => ({
    ok: false,
    reason,
    message,
  });
  if (!BYTE_ENCODINGS.includes(encoding)) return fail('bad-encoding', `unknown encoding '${String(encoding)}'`);
  const done = (bytes: Uint8Array, enc: 'hex' | 'base64' | 'buffer'): BytesResult =>
    bytes.length === 0 ? fail('empty-input', 'the value holds no bytes') : { ok: true, bytes, encoding: enc };

  if (typeof value !== 'string') {
    if (encoding === 'hex' || encoding === 'base64') {
      return fail('bad-encoding', `expected a ${encoding} string, got ${describe(value)}`);
    }
    const bin = fromBinary(value);
    if (!bin)
      return fail(
        value === undefined || value === null ? 'empty-input' : 'bad-encoding',
        `expected bytes (Buffer, hex or base64 string), got ${describe(value)}`,
      );
    return done(bin, 'buffer');
  }
  if (value.trim().length === 0) return fail('empty-input', 'the value is an empty string');
  if (encoding === 'buffer')
    return fail('bad-encoding', 'expected a Buffer, got a string (set the encoding to hex, base64 or auto)');
  if (encoding === 'hex') {
    const r = parseHex(value);
    return typeof r === 'string' ? fail('bad-encoding', `not a hex string: ${r}`) : done(r, 'hex');
  }
  if (encoding === 'base64') {
    const r = parseBase64(value);
    return typeof r === 'string' ? fail('bad-encoding', `not a base64 string: ${r}`) : done(r, 'base64');
  }
  if (looksLikeHex(value)) return done(parseHex(value) as Uint8Array, 'hex');
  // Gateways send base64 in one piece; inner whitespace here is far likelier mistyped hex.
  const b64 = /\S\s+\S/.test(value) ? 'whitespace' : parseBase64(value);
  if (typeof b64 !== 'string') return done(b64, 'base64');
  return fail('bad-encoding', 'the string is neither hex (even number of hex digits) nor valid base64');
}
