import assert from 'node:assert/strict';
import {
  counterStep,
  advanceDevice,
  newDeviceState,
  DeviceStore,
  reviveDeviceState,
  ConsumptionOptions,
} from '../../../nodes/energy-meter/counter';
import { MeterReading } from '../../../nodes/energy-meter/parsers';

const near = (a: number | undefined, b: number, eps = 1e-9): void =>
  assert.ok(a !== undefined && Math.abs(a - b) < eps, `${a} ≉ ${b}`);
const opts: ConsumptionOptions = { maxGapS: 900, intensity: 475 };
const T0 = Date.UTC(2024, 4, 1, 12);
const tas = (total: number, start = '2023-01-10T08:00:00', power = 100): MeterReading => ({
  deviceId: 'plug',
  source: 'tasmota',
  power,
  energyTotal: total,
  totalStartTime: start,
});

describe('plug consumption from counters (energy.md §5)', () => {
  it('counts the spec series 10.0, 10.5, 0.2, 0.7 as 1.2 kWh (reset counted from zero)', () => {
    const series = [10.0, 10.5, 0.2, 0.7];
    near(
      series.reduce((total, v, i) => total + counterStep(series[i - 1], v).deltaKWh, 0),
      1.2,
    );
    assert.deepEqual(counterStep(undefined, 10), { deltaKWh: 0, reset: false });
    assert.deepEqual(counterStep(10.5, 0.2), { deltaKWh: 0.2, reset: true });
    assert.deepEqual(counterStep(5, 5.5, true), { deltaKWh: 5.5, reset: true });
  });

  it('per device: the same series gives 1.2 kWh, cost 0.36 at 0.30 and 279.6 g at 233 g/kWh', () => {
    const s = newDeviceState(T0);
    const o = { maxGapS: 900, intensity: 233, pricePerKWh: 0.3 };
    const outs = [10.0, 10.5, 0.2, 0.7].map((v, i) => advanceDevice(s, tas(v), T0 + i * 300_000, o));
    assert.deepEqual(
      outs.map((x) => x.consumption.reset === true),
      [false, false, true, false],
    );
    near(outs[3].consumption.totalKWh, 1.2);
    near(outs[3].cost?.total, 0.36);
    near(outs[3].co2.totalGrams, 279.6, 1e-9);
    assert.ok(
      outs.every((x) => x.consumption.kWh >= 0),
      'never negative',
    );
    assert.equal(outs[3].consumption.method, 'counter');
    assert.equal(outs[3].consumption.since, new Date(T0).toISOString());
  });

  it('treats a changed Tasmota TotalStartTime as a reset even when Total went up', () => {
    const s = newDeviceState(T0);
    advanceDevice(s, tas(5), T0, opts);
    const r = advanceDevice(s, tas(6, '2024-05-01T11:00:00'), T0 + 1000, opts);
    assert.equal(r.consumption.reset, true);
    assert.equal(r.consumption.kWh, 6);
  });

  it('merges Shelly Gen1 power and energy messages and never integrates power once a counter exists', () => {
    const s = newDeviceState(T0);
    const p = (w: number): MeterReading => ({ deviceId: 'sh', source: 'shelly-gen1', channel: 0, power: w });
    const e = (kwh: number): MeterReading => ({ deviceId: 'sh', source: 'shelly-gen1', channel: 0, energyTotal: kwh });
    const a = advanceDevice(s, e(1.25), T0, opts);
    assert.equal(a.merged.power, undefined);
    const b = advanceDevice(s, p(42.5), T0 + 30_000, opts);
    assert.equal(b.merged.power, 42.5);
    assert.equal(b.merged.energyTotal, 1.25);
    const c = advanceDevice(s, p(42.5), T0 + 60_000, opts);
    assert.equal(c.consumption.kWh, 0, 'power is not integrated when a counter is known');
    const d = advanceDevice(s, e(1.26), T0 + 90_000, opts);
    assert.equal(d.merged.power, 42.5);
    near(d.consumption.totalKWh, 0.01);
  });

  it('integrates power by trapezoid for a device without counter, skipping gaps over maxGapS', () => {
    const s = newDeviceState(T0);
    const p = (w: number): MeterReading => ({ deviceId: 'j', source: 'json', power: w });
    const series: Array<[number, number]> = [
      [0, 100],
      [60, 200],
      [120, 200],
      [180, 0],
    ];
    let total = 0;
    for (const [t, w] of series) total = advanceDevice(s, p(w), T0 + t * 1000, opts).consumption.totalKWh;
    near(total, 0.0075);
    const gap = advanceDevice(s, p(500), T0 + 3_000_000, opts);
    assert.equal(gap.consumption.kWh, 0);
    assert.equal(gap.consumption.method, 'power');
  });

  it('keeps at most maxDevices, evicting the least recently used', () => {
    const store = new DeviceStore(2);
    store.touch('a', T0);
    store.touch('b', T0);
    store.touch('a', T0);
    store.touch('c', T0);
    assert.deepEqual(
      Object.keys(store.toJSON()),
      ['a', 'c'],
      'the least recently used device (b) goes; saved least recently used first',
    );
    assert.equal(DeviceStore.key({ deviceId: 'x', channel: 1 }), 'x#1');
  });

  it('round-trips through JSON (node context) and drops malformed saved states', () => {
    const store = new DeviceStore(10);
    const { state } = store.touch('plug', T0);
    advanceDevice(state, tas(10), T0, opts);
    advanceDevice(state, tas(10.5), T0 + 1000, opts);
    const saved = JSON.parse(JSON.stringify(store.toJSON()));
    const again = new DeviceStore(10);
    again.load({ ...saved, bad: { since: 'never' }, worse: 7 });
    assert.deepEqual(Object.keys(again.toJSON()), ['plug']);
    const s2 = again.touch('plug', T0 + 2000).state;
    near(s2.totalKWh, 0.5);
    const next = advanceDevice(s2, tas(10.7), T0 + 3000, opts);
    near(next.consumption.kWh, 0.2);
    near(next.consumption.totalKWh, 0.7);
    assert.equal(reviveDeviceState({ since: '2024-01-01T00:00:00Z', totalKWh: 'x' })?.totalKWh, 0);
  });
});
