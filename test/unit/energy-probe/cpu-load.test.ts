import assert from 'node:assert/strict';
import { CpuLoadMeter, withLightLoad } from '../../../nodes/energy-probe/cpu-load';

const t = (user: number, sys: number, idle: number) => ({ user, nice: 0, sys, idle, irq: 0 });

describe('energy-probe CPU load from os.cpus() deltas', () => {
  it('reports load since the previous call, per CPU and overall', () => {
    const frames = [
      [t(100, 100, 800), t(0, 0, 1000)],
      [t(150, 150, 900), t(0, 0, 1200)], // cpu0: 100 busy of 200; cpu1: 0 of 200
    ];
    let i = 0;
    const m = new CpuLoadMeter(() => frames[i++]);
    assert.equal(m.currentLoad().currentLoad, 10, 'first call: since boot (200 busy of 2000)');
    const r = m.currentLoad();
    assert.deepEqual(r.cpus, [{ load: 50 }, { load: 0 }]);
    assert.equal(r.currentLoad, 25);
  });

  it('returns 0 rather than NaN when no time passed', () => {
    const m = new CpuLoadMeter(() => [t(1, 1, 1)]);
    m.currentLoad();
    assert.equal(m.currentLoad().currentLoad, 0);
  });

  it('wraps a systeminformation-like object, replacing only currentLoad', async () => {
    const si = { mem: async () => ({ total: 1, available: 1 }), currentLoad: async () => ({ currentLoad: 99 }) };
    const src = withLightLoad(si, new CpuLoadMeter(() => [t(0, 0, 10)]));
    assert.equal((await src.currentLoad()).currentLoad, 0);
    assert.deepEqual(await src.mem(), { total: 1, available: 1 });
  });
});
