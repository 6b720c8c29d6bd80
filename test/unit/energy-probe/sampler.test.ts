import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Sampler, SystemSource, Clock, requestedTopProcesses, topProcesses } from '../../../nodes/energy-probe/sampler';
import { RaplIo, nodeRaplIo } from '../../../nodes/energy-probe/rapl';

const GiB = 2 ** 30;
const S = 1_000_000_000n;

class FakeClock implements Clock {
  ns = 1000n * S;
  ms = Date.UTC(2024, 4, 1, 12, 0, 0);
  advance(seconds: number): void {
    this.ns += BigInt(Math.round(seconds * 1e9));
    this.ms += seconds * 1000;
  }
  monotonicNs(): bigint {
    return this.ns;
  }
  nowMs(): number {
    return this.ms;
  }
}

class FakeSource implements SystemSource {
  load = 50;
  cores = 4;
  total = 16 * GiB;
  available = 12 * GiB;
  temperature: number | null = null;
  battery_: Awaited<ReturnType<SystemSource['battery']>> | undefined;
  calls: Record<string, number> = {};
  private count(k: string): void {
    this.calls[k] = (this.calls[k] ?? 0) + 1;
  }
  async currentLoad() {
    this.count('currentLoad');
    return { currentLoad: this.calls.currentLoad === 1 ? 99 : this.load, cpus: new Array(this.cores).fill({}) };
  }
  async mem() {
    this.count('mem');
    return { total: this.total, available: this.available };
  }
  async cpuTemperature() {
    this.count('cpuTemperature');
    return { main: this.temperature };
  }
  async battery() {
    this.count('battery');
    return (
      this.battery_ ?? {
        hasBattery: false,
        percent: 0,
        isCharging: false,
        acConnected: true,
        timeRemaining: null,
        currentCapacity: 0,
        capacityUnit: '',
      }
    );
  }
  async processes() {
    this.count('processes');
    return {
      list: [
        { pid: 1, name: 'init', cpu: 0.1, mem: 0.2 },
        { pid: 42, name: 'node-red', cpu: 12.345, mem: 3.1 },
        { pid: 7, name: 'mosquitto', cpu: 1.5, mem: 0.4 },
      ],
    };
  }
}

const noRapl = path.join(os.tmpdir(), 'no-powercap-here-' + process.pid);

describe('energy-probe sampler', () => {
  it('estimates with the CCF model, discards the first load, integrates energy over the monotonic clock', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const s = new Sampler({ source: src, host: 'pi', clock, powercapRoot: noRapl });
    const notes = await s.start();
    assert.deepEqual(notes.map((n) => n.key).sort(), ['no-battery', 'no-temperature', 'rapl-unavailable']);
    assert.equal(notes.find((n) => n.key === 'rapl-unavailable')?.code, 'ENOENT');
    clock.advance(10);
    const { payload, notes: n2 } = await s.sample();
    assert.deepEqual(n2, []);
    // 4 × (0.74 + 0.5 × 2.76) + 16 × 0.392 = 8.48 + 6.272
    assert.equal(payload.power.method, 'estimate');
    assert.equal(payload.power.watts, 14.752);
    assert.equal(payload.power.zones, undefined);
    assert.equal(payload.cpu.load, 50, 'the primed first reading (99 %) was discarded');
    assert.equal(payload.cpu.cores, 4);
    assert.equal(payload.cpu.temperature, undefined);
    assert.deepEqual(payload.memory, { used: 4 * GiB, total: 16 * GiB, usedPercent: 25 });
    assert.ok(Math.abs(payload.energy.wh - (14.752 * 10) / 3600) < 1e-6);
    assert.equal(payload.energy.since, '2024-05-01T12:00:00.000Z');
    assert.equal(payload.timestamp, '2024-05-01T12:00:10.000Z');
    assert.equal(payload.host, 'pi');
    assert.equal(payload.battery, undefined);
    assert.equal(payload.processes, undefined);
    assert.equal(src.calls.processes, undefined, 'processes are costly: never read unless asked');
    assert.equal(src.calls.cpuTemperature, 1, 'a missing sensor is tried once only');
  });

  it('prices 1.2 kWh at 0.30 → 0.36 and 233 g/kWh → 279.6 g, and defaults the intensity to 475', async () => {
    const src = new FakeSource();
    src.cores = 1;
    src.total = 0;
    const clock = new FakeClock();
    const s = new Sampler({
      source: src,
      host: 'h',
      clock,
      method: 'estimate',
      coefficients: { minWattsPerCore: 100, maxWattsPerCore: 100, memoryWattsPerGB: 0, pue: 1 },
    });
    await s.start();
    clock.advance(12 * 3600);
    const { payload } = await s.sample({ pricePerKWh: 0.3, currency: 'EUR', intensity: 233 });
    assert.equal(payload.energy.wh, 1200);
    assert.deepEqual(payload.cost, { amount: 0.36, currency: 'EUR', perKWh: 0.3 });
    assert.deepEqual(payload.co2, { grams: 279.6, intensity: 233 });
    clock.advance(3600);
    const second = await s.sample();
    assert.equal(second.payload.cost, undefined, 'no price, no cost');
    assert.deepEqual(second.payload.co2, { grams: 279.6 + 47.5, intensity: 475 });
  });

  it('adds no energy across a gap longer than maxGapS, and restarts totals on reset', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const s = new Sampler({ source: src, host: 'h', clock, method: 'estimate', maxGapS: 30 });
    await s.start();
    clock.advance(10);
    const a = (await s.sample()).payload.energy.wh;
    assert.ok(a > 0);
    clock.advance(300);
    const b = await s.sample();
    assert.equal(b.payload.energy.wh, a, 'the 300 s gap is not bridged');
    assert.equal(b.payload.power.watts, 14.752, 'power is still reported');
    s.resetEnergy();
    clock.advance(10);
    const c = (await s.sample()).payload;
    assert.ok(Math.abs(c.energy.wh - a) < 1e-9);
    assert.equal(c.energy.since, new Date(clock.ms - 10000).toISOString());
  });

  it('meters with RAPL from a powercap tree and takes interval energy from the counters', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'powercap-'));
    try {
      const z = path.join(root, 'intel-rapl:0');
      fs.mkdirSync(z);
      fs.writeFileSync(path.join(z, 'name'), 'package-0\n');
      fs.writeFileSync(path.join(z, 'max_energy_range_uj'), '262143328850\n');
      fs.writeFileSync(path.join(z, 'energy_uj'), '262140000000\n');
      const clock = new FakeClock();
      const s = new Sampler({ source: new FakeSource(), host: 'h', clock, powercapRoot: root });
      const notes = await s.start();
      assert.ok(!notes.some((n) => n.key.startsWith('rapl')));
      assert.equal(s.method, 'rapl');
      fs.writeFileSync(path.join(z, 'energy_uj'), '26671150\n');
      clock.advance(2);
      const { payload } = await s.sample();
      assert.deepEqual(payload.power, { watts: 15, method: 'rapl', zones: [{ name: 'package-0', watts: 15 }] });
      assert.ok(Math.abs(payload.energy.wh - 30 / 3600) < 1e-6, '30 J = 0.008333 Wh (rounded to 6 decimals)');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('falls back to the estimate with one note when energy_uj is refused (EACCES) or fails mid-run', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'powercap-'));
    try {
      const z = path.join(root, 'intel-rapl:0');
      fs.mkdirSync(z);
      fs.writeFileSync(path.join(z, 'name'), 'package-0\n');
      fs.writeFileSync(path.join(z, 'max_energy_range_uj'), '262143328850\n');
      fs.writeFileSync(path.join(z, 'energy_uj'), '1000\n');
      let refuse = true;
      // As root, file modes do not block reads; inject the kernel's 0400 refusal instead.
      const io: RaplIo = {
        listDir: (dir) => nodeRaplIo.listDir(dir),
        readText: (f) => {
          if (refuse && f.endsWith('/energy_uj'))
            throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
          return nodeRaplIo.readText(f);
        },
      };
      const clock = new FakeClock();
      const s1 = new Sampler({ source: new FakeSource(), host: 'h', clock, powercapRoot: root, raplIo: io });
      const notes = await s1.start();
      const rapl = notes.filter((n) => n.key === 'rapl-unavailable');
      assert.equal(rapl.length, 1);
      assert.equal(rapl[0].code, 'EACCES');
      for (let i = 0; i < 3; i++) {
        clock.advance(10);
        const r = await s1.sample();
        assert.equal(r.payload.power.method, 'estimate');
        assert.deepEqual(r.notes, [], 'no note per sample');
      }

      refuse = false;
      const s2 = new Sampler({ source: new FakeSource(), host: 'h', clock, powercapRoot: root, raplIo: io });
      await s2.start();
      assert.equal(s2.method, 'rapl');
      refuse = true;
      clock.advance(10);
      const failed = await s2.sample();
      assert.equal(failed.payload.power.method, 'estimate');
      assert.deepEqual(
        failed.notes.map((n) => [n.key, n.code]),
        [['rapl-failed', 'EACCES']],
      );
      clock.advance(10);
      assert.deepEqual((await s2.sample()).notes, []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports temperature (refreshed at most every 60 s) and battery discharge power', async () => {
    const src = new FakeSource();
    src.temperature = 48.26;
    src.battery_ = {
      hasBattery: true,
      percent: 80,
      isCharging: false,
      acConnected: false,
      timeRemaining: 200,
      currentCapacity: 40000,
      capacityUnit: 'mWh',
    };
    const clock = new FakeClock();
    const s = new Sampler({ source: src, host: 'h', clock, method: 'estimate' });
    await s.start();
    clock.advance(36);
    src.temperature = 50;
    src.battery_ = { ...src.battery_, percent: 79, currentCapacity: 39900 };
    const { payload } = await s.sample();
    assert.equal(payload.cpu.temperature, 48.3, 'cached: less than 60 s since the last read');
    // 100 mWh in 36 s = 10 W
    assert.deepEqual(payload.battery, {
      percent: 79,
      charging: false,
      acConnected: false,
      timeRemaining: 200,
      dischargeWatts: 10,
    });
    clock.advance(30);
    assert.equal((await s.sample()).payload.cpu.temperature, 50);
    assert.equal(src.calls.cpuTemperature, 2);
  });

  it('adds top processes only on request, heaviest first', async () => {
    const src = new FakeSource();
    const clock = new FakeClock();
    const s = new Sampler({ source: src, host: 'h', clock, method: 'estimate' });
    await s.start();
    clock.advance(1);
    const { payload } = await s.sample({ topProcesses: 2 });
    assert.deepEqual(payload.processes, [
      { pid: 42, name: 'node-red', cpu: 12.35, mem: 3.1 },
      { pid: 7, name: 'mosquitto', cpu: 1.5, mem: 0.4 },
    ]);
    assert.equal(src.calls.processes, 1);
    assert.equal(topProcesses([], 5).length, 0);
  });

  it('reads the process request from msg.topProcesses or payload "processes"', () => {
    assert.equal(requestedTopProcesses({ topProcesses: 3 }), 3);
    assert.equal(requestedTopProcesses({ topProcesses: '8' }), 8);
    assert.equal(requestedTopProcesses({ topProcesses: 500 }), 50);
    assert.equal(requestedTopProcesses({ payload: 'processes' }), 5);
    assert.equal(requestedTopProcesses({ payload: 'Processes ' }), 5);
    assert.equal(requestedTopProcesses({ payload: 'go' }), 0);
    assert.equal(requestedTopProcesses({ topProcesses: 0 }), 0);
    assert.equal(requestedTopProcesses({ topProcesses: -2, payload: 1 }), 0);
  });
});
