// Sequential little-endian reads over a packet. Every read names the field it is for, so a
// packet shorter than its flags announce is reported at the exact field and offset.

import { decodeFloat, decodeSfloat, Decoded11073 } from './ieee11073';

/** Thrown inside a decoder only; decodeBle turns it into a rejection. */
export class ShortPacket extends Error {
  constructor(
    readonly field: string,
    readonly label: string,
    readonly offset: number,
    readonly missing: number,
  ) {
    super(`${label} at offset ${offset} needs ${missing} more`);
  }
}

export class Cursor {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private take(size: number, field: string, label: string): number {
    const at = this.offset;
    if (at + size > this.bytes.length) throw new ShortPacket(field, label, at, at + size - this.bytes.length);
    this.offset += size;
    return at;
  }

  u8(field: string, label: string): number {
    return this.bytes[this.take(1, field, `${label} (uint8)`)];
  }

  u16(field: string, label: string): number {
    const at = this.take(2, field, `${label} (uint16)`);
    return this.bytes[at] | (this.bytes[at + 1] << 8);
  }

  u24(field: string, label: string): number {
    const at = this.take(3, field, `${label} (24-bit)`);
    return this.bytes[at] | (this.bytes[at + 1] << 8) | (this.bytes[at + 2] << 16);
  }

  sfloat(field: string, label: string): Decoded11073 {
    const at = this.take(2, field, `${label} (SFLOAT)`);
    return decodeSfloat(this.bytes[at] | (this.bytes[at + 1] << 8));
  }

  float(field: string, label: string): Decoded11073 {
    const at = this.take(4, field, `${label} (FLOAT)`);
    const b = this.bytes;
    return decodeFloat((b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0);
  }

  raw(size: number, field: string, label: string): Uint8Array {
    const at = this.take(size, field, label);
    return this.bytes.subarray(at, at + size);
  }
}
