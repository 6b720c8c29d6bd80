// Utf8Buffer builds csv-log's writes: its bytes must be exactly Buffer.from's for any text.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Utf8Buffer } from '../../nodes/lib/utf8-buffer';

describe('Utf8Buffer', () => {
  it('gives Buffer.from bytes for ASCII, Korean, emoji and lone surrogates, across growth', () => {
    const out = new Utf8Buffer(16);
    const texts = ['2025-03-01T00:00:00.000Z', '김민수', '😀', '\ud800x', 'a\udc00', '', 'x'.repeat(100)];
    for (const t of texts) {
      out.text(t);
      out.byte(0x2c);
    }
    assert.ok(out.capacity >= out.length);
    assert.deepEqual(out.view(), Buffer.from(texts.join(',') + ',', 'utf8'));
  });

  it('cuts back with truncate, views a part, and starts empty after reset', () => {
    const out = new Utf8Buffer(16);
    out.text('abc');
    const mark = out.length;
    out.text('def');
    out.truncate(mark);
    out.text('X');
    assert.equal(out.view().toString(), 'abcX');
    assert.equal(out.view(1, 3).toString(), 'bc');
    out.reset();
    assert.equal(out.length, 0);
    out.text('z');
    assert.equal(out.view().toString(), 'z');
  });

  it('lets go of a buffer grown past 1 MiB on reset', () => {
    const out = new Utf8Buffer(16);
    out.text('y'.repeat(2 * 1024 * 1024));
    assert.ok(out.capacity > 1024 * 1024);
    out.reset();
    assert.ok(out.capacity <= 1024 * 1024);
  });

  it('matches Buffer.from for any sequence of strings (property)', () => {
    const piece = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), fc.integer({ min: 1, max: 64 }), (pieces, capacity) => {
        const out = new Utf8Buffer(capacity);
        for (const p of pieces) out.text(p);
        assert.deepEqual(out.view(), Buffer.from(pieces.join(''), 'utf8'));
      }),
      { numRuns: 500 },
    );
  });
});
