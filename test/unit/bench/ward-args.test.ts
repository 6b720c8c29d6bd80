// The ward benchmark's options: the sizes and length by default, a short CI run, and
// clear refusals.
import assert from 'node:assert/strict';
import { parseWardArgs } from '../../../bench/ward';

describe('bench ward: options', () => {
  it('runs 100 and 1,000 patients for 10 minutes each, every variant, by default', () => {
    const o = parseWardArgs([], {});
    assert.equal(o.seconds, 600);
    assert.deepEqual(o.sizes, [100, 1000]);
    assert.deepEqual(o.variants, ['board', 'charts', 'chartless']);
    assert.equal(o.warmupSeconds, 60);
    assert.equal(o.drainSeconds, 30);
    assert.equal(o.probes, 10);
    assert.equal(o.cycleSeconds, 30);
    assert.match(o.out ?? '', /bench[/\\]RESULTS-ward\.md$/);
    assert.equal(o.short, false);
  });

  it('takes flags before environment variables, and scales the warm-up with the run', () => {
    const o = parseWardArgs(['--seconds', '45', '--sizes', '50, 200', '--variants', 'chartless'], {
      BENCH_WARD_SECONDS: '90',
      BENCH_WARD_PROBES: '4',
    });
    assert.equal(o.seconds, 45);
    assert.deepEqual(o.sizes, [50, 200]);
    assert.deepEqual(o.variants, ['chartless']);
    assert.equal(o.probes, 4);
    assert.equal(o.warmupSeconds, 9);
    assert.equal(parseWardArgs([], { BENCH_WARD_SECONDS: '90' }).seconds, 90);
  });

  it('--short: the variants meant to keep up, 100 patients, 20 s, and no results file', () => {
    const o = parseWardArgs(['--short'], {});
    assert.deepEqual(o.variants, ['board', 'chartless']);
    assert.deepEqual(o.sizes, [100]);
    assert.equal(o.seconds, 20);
    assert.equal(o.drainSeconds, 10);
    assert.equal(o.out, null);
  });

  it('refuses unknown options and variants, sizes no larger than the probes, and a warm-up that leaves no window', () => {
    assert.throws(() => parseWardArgs(['--minutes', '3'], {}), /unknown or incomplete option "--minutes"/);
    assert.throws(() => parseWardArgs(['--seconds'], {}), /unknown or incomplete option "--seconds"/);
    assert.throws(() => parseWardArgs(['--variants', 'charts,today'], {}), /unknown variant "today"/);
    assert.throws(
      () => parseWardArgs(['--sizes', '10'], {}),
      /10 patients leave no simulated patient beside 10 probes/,
    );
    assert.throws(() => parseWardArgs(['--seconds', '30', '--warmup', '30'], {}), /leaves no steady window/);
    assert.throws(() => parseWardArgs(['--cycle', '3'], {}), /--cycle needs a whole number of at least 6/);
    assert.throws(() => parseWardArgs(['--seconds', 'ten'], {}), /--seconds needs a whole number/);
  });
});
