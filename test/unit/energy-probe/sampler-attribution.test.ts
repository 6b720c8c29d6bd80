import assert from 'node:assert/strict';
import path from 'path';
import { Sampler, SystemSource, Clock } from '../../../nodes/energy-probe/sampler';
import { ProcessEnergy } from '../../../nodes/energy-probe/attribution';
import { ProcReader } from '../../../nodes/energy-probe/proc-reader';
import { FakeProc } from '../../support/fake-proc';

const GiB = 2 ** 30;

/** A host at a fixed 50 % load on 2 CPUs with 4 GiB and no sensors. */
const source: SystemSource = {
  currentLoad: async () => ({ currentLoad: 50, cpus: [{}, {}] }),
  mem: async () => ({ total: 4 * GiB, available: 2 * GiB }),
  cpuTemperature: async () => ({ main: null }),
  battery: async () => ({
    hasBattery: false,
    percent: 0,
    isCharging: false,
    acConnected: true,
    timeRemaining: null,
    currentCapacity: 0,
    capacityUnit: '',
  }),
  processes: async () => ({ list: [] }),
};

function fakeClock(startMs: number): Clock & { advance(s: number): void } {
  let ns = 10n ** 12n;
  let ms = startMs;
  return {
    monotonicNs: () => ns,
    nowMs: () => ms,
    advance(s: number) {
      ns += BigInt(s * 1e9);
      ms += s * 1000;
    },
  };
}

describe('energy-probe sampler with energy per process', () => {
  let proc: FakeProc;
  beforeEach(() => (proc = new FakeProc()));
  afterEach(() => proc.remove());

  const sampler = (clock: Clock, root = proc.root) =>
    new Sampler({
      source,
      host: 'h',
      clock,
      method: 'estimate',
      attribution: new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(root) }),
    });

  it("splits each interval's estimated energy: processes + other + idle = the host's energy in the interval", async () => {
    const clock = fakeClock(new Date(2024, 4, 1, 12, 0, 0).getTime());
    proc.set(7, { name: 'node-red', ticks: 0 });
    const s = sampler(clock);
    await s.start();
    let hostWh = 0;
    for (let i = 1; i <= 3; i++) {
      clock.advance(5);
      proc.host(500, 500); // 5 s × 2 CPUs × 100 ticks/s, half busy
      proc.set(7, { name: 'node-red', ticks: 300 * i });
      const { payload } = await s.sample();
      const a = payload.attribution;
      assert.ok(a);
      assert.equal(a.method, 'estimate');
      assert.equal(a.seconds, 5);
      const intervalWh = payload.energy.wh - hostWh;
      hostWh = payload.energy.wh;
      assert.ok(Math.abs(a.wh - intervalWh) < 1e-5, `${a.wh} vs ${intervalWh}`);
      const sum = a.processes.reduce((t, p) => t + p.wh, 0) + a.other.wh + a.idle.wh;
      assert.ok(Math.abs(sum - a.wh) < 1e-5, `${sum} vs ${a.wh}`);
      assert.deepEqual(
        a.processes.map((p) => [p.name, p.cpuShare]),
        [['node-red', 30]],
      );
      // 2 × (0.74 + 0.5 × 2.76) + 4 × 0.392 W, 30 % of it to node-red.
      assert.equal(a.processes[0].watts, Number((0.3 * (2 * 2.12 + 4 * 0.392)).toFixed(3)));
      assert.ok(Math.abs(a.today.wh - payload.energy.wh) < 1e-5, 'today = the energy since start, here');
    }
  });

  it("starts today's sums again on reset, and a gap adds no energy to any process", async () => {
    const clock = fakeClock(new Date(2024, 4, 1, 12, 0, 0).getTime());
    proc.set(7, { name: 'x', ticks: 0 });
    const s = new Sampler({
      source,
      host: 'h',
      clock,
      method: 'estimate',
      maxGapS: 60,
      attribution: new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) }),
    });
    await s.start();
    clock.advance(5);
    proc.host(1000, 0);
    proc.set(7, { name: 'x', ticks: 1000 });
    assert.ok((await s.sample()).payload.attribution!.today.wh > 0);
    s.resetEnergy();
    clock.advance(120); // longer than maxGapS: nothing to share
    proc.host(1000, 0);
    proc.set(7, { name: 'x', ticks: 2000 });
    const a = (await s.sample()).payload.attribution!;
    assert.equal(a.wh, 0);
    assert.deepEqual(a.processes[0], { pid: 7, name: 'x', command: '[x]', cpuShare: 100, watts: 0, wh: 0 });
    assert.equal(a.today.wh, 0);
  });

  it('says once that energy per process is left out when there is no procfs, and samples the host as before', async () => {
    const s = sampler(fakeClock(Date.now()), path.join(proc.root, 'none'));
    const notes = await s.start();
    assert.deepEqual(
      notes.filter((n) => n.key === 'no-attribution').map((n) => /ENOENT/.test(n.detail)),
      [true],
    );
    const { payload, notes: later } = await s.sample();
    assert.equal(payload.attribution, undefined);
    assert.ok(payload.power.watts > 0);
    assert.deepEqual(later, []);
  });
});
