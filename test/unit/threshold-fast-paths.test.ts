// The threshold engine's per-sample shortcuts: a known key is moved to the newest place
// without an eviction pass, and runs of samples are extended in place, which must never
// reach a saved snapshot or change what the delays decide.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ThresholdEngine } from '../../nodes/threshold/engine';
import { LruMap } from '../../nodes/threshold/lru';
import { compileRule } from '../../nodes/threshold/rules';

describe('threshold fast paths: LruMap.see', () => {
  it('moves a known key to the newest place with its new time; a new key is left alone', () => {
    const m = new LruMap<number>(3);
    m.touch('a', 1, () => 1);
    m.touch('b', 2, () => 2);
    assert.equal(m.see('c', 3), undefined);
    assert.equal(m.size, 2);
    const e = m.see('a', 4);
    assert.deepEqual(e, { key: 'a', seen: 4, value: 1 });
    assert.deepEqual([...m.values()].map((x) => x.key), ['b', 'a']);
  });
});

describe('threshold fast paths: runs extended in place', () => {
  const rule = compileRule('r', 'above', [
    { severity: 'warning', threshold: 5, hysteresis: 1 },
    { severity: 'high', threshold: 7, hysteresis: 1 },
  ]);
  it('a snapshot taken mid-run does not change as the run goes on', () => {
    const eng = new ThresholdEngine({ rule, forSamples: 3 });
    eng.evaluate('k', 6, 0);
    eng.evaluate('k', 6, 1000);
    const snap = eng.snapshot();
    const copy = JSON.parse(JSON.stringify(snap));
    eng.evaluate('k', 6, 2000);
    assert.deepEqual(snap, copy);
    assert.deepEqual(snap.keys[0].up, [{ since: 0, samples: 2 }, null]);
  });
  it('a restored run carries on counting from the saved samples', () => {
    const a = new ThresholdEngine({ rule, forSamples: 3 });
    a.evaluate('k', 6, 0);
    a.evaluate('k', 6, 1000);
    const b = new ThresholdEngine({ rule, forSamples: 3 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    assert.deepEqual(b.evaluate('k', 6, 2000).map((e) => `${e.state} ${e.severity}`), ['raised warning']);
  });
  it('same events as a fresh engine fed from a snapshot after every sample (nothing shared)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 10 })), { maxLength: 40 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (samples, forSamples, clearForSamples) => {
          const opts = { rule, forSamples, clearForSamples };
          const live = new ThresholdEngine(opts);
          let saved: unknown = undefined;
          samples.forEach(([key, v], i) => {
            const replay = new ThresholdEngine(opts);
            if (saved !== undefined) replay.restore(JSON.parse(JSON.stringify(saved)));
            const want = replay.evaluate(key, v, i * 1000);
            const got = live.evaluate(key, v, i * 1000);
            assert.deepEqual(got, want);
            saved = live.snapshot();
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
