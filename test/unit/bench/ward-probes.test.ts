// The ward benchmark's probe patients: their readings must score as the benchmark says (checked
// with the pack's NEWS2 against health.md §3), and their schedule must raise the example's alarm
// (two high readings in a row) and clear it (three normal ones) once per cycle.
import assert from 'node:assert/strict';
import { assess } from '../../../nodes/news2/score';
import {
  HIGH_READINGS,
  isHigh,
  MIN_CYCLE_SECONDS,
  plannedRaises,
  PROBE_HIGH,
  PROBE_NORMAL,
  probeId,
  probePayload,
  ProbePlan,
} from '../../../bench/lib/ward-probes';

const inputs = (v: typeof PROBE_NORMAL) => ({ ...v, onOxygen: false, consciousness: 'A' as const });

describe('bench ward: probe patients', () => {
  it('a normal reading scores NEWS2 0 and a high one 13 (band high), above both of the example alarm levels (5 and 7)', () => {
    const normal = assess(inputs(PROBE_NORMAL), 1);
    assert.equal(normal.complete, true);
    assert.equal(normal.total, 0);
    assert.equal(normal.band, 'low');
    const high = assess(inputs(PROBE_HIGH), 1);
    assert.equal(high.complete, true);
    assert.equal(high.total, 13);
    assert.equal(high.band, 'high');
  });

  it('sends JSON readings in the simulator shape, with the probe id and the time', () => {
    const at = new Date('2026-01-02T03:04:05.678Z');
    const p = JSON.parse(probePayload(probeId(0), PROBE_HIGH, at));
    assert.equal(p.patientId, 'probe-01');
    assert.equal(p.timestamp, '2026-01-02T03:04:05.678Z');
    assert.equal(p.respiratoryRate, PROBE_HIGH.respiratoryRate);
    assert.equal(p.consciousness, 'A');
    assert.equal(p.onOxygen, false);
  });

  it('gives each probe two high readings in a row per cycle, from the warm-up on, cycles spread over the probes', () => {
    const plan: ProbePlan = { probes: 3, cycleSeconds: 9, firstSecond: 5, seconds: 40 };
    const highs = (p: number) => Array.from({ length: plan.seconds }, (_, s) => s).filter((s) => isHigh(plan, p, s));
    assert.deepEqual(highs(0), [5, 6, 14, 15, 23, 24, 32, 33]);
    assert.deepEqual(highs(1), [8, 9, 17, 18, 26, 27, 35, 36]);
    assert.deepEqual(highs(2), [11, 12, 20, 21, 29, 30, 38, 39]);
    assert.equal(plannedRaises(plan), 12);
  });

  it('leaves out a cycle whose high readings would not all fit in the run, and none comes before the warm-up', () => {
    const plan: ProbePlan = { probes: 1, cycleSeconds: MIN_CYCLE_SECONDS, firstSecond: 2, seconds: 9 };
    const highs = Array.from({ length: 12 }, (_, s) => s).filter((s) => isHigh(plan, 0, s));
    // Cycles start at 2 and 8; the one at 8 would need second 9, past the run's 9 seconds (0-8).
    assert.deepEqual(highs, [2, 3]);
    assert.equal(plannedRaises(plan), 1);
    assert.equal(HIGH_READINGS, 2);
  });

  it('leaves at least the example three normal readings (its clear) between two raises', () => {
    const plan: ProbePlan = { probes: 1, cycleSeconds: MIN_CYCLE_SECONDS, firstSecond: 0, seconds: 60 };
    let normalRun = 0;
    for (let s = 0; s < plan.seconds; s++) {
      if (isHigh(plan, 0, s)) {
        if (s > HIGH_READINGS)
          assert.ok(normalRun === 0 || normalRun >= 3, `only ${normalRun} normal readings before second ${s}`);
        normalRun = 0;
      } else normalRun++;
    }
  });
});
