// NEWS2 band time and kWh per day in summaries, on files written by csv-log.
import assert from 'node:assert/strict';
import { runQuery, type SummaryItem } from '../../../nodes/history/query';
import type { BandEntry } from '../../../nodes/history/bands';
import type { EnergyEntry } from '../../../nodes/history/energy-days';
import { iso, query, T0, writeRows, tempFolder } from '../../support/history-files';

const MIN = 60000;
const HOUR = 60 * MIN;

describe('history summary: NEWS2 band time and kWh per day', function () {
  this.timeout(20000);
  const folder = tempFolder('history-bands-');
  let dir = '';
  beforeEach(() => (dir = folder()));

  const bands = (items: SummaryItem[]) => items.filter((e): e is BandEntry => e.column === 'news2Band');
  const energy = (items: SummaryItem[]) => items.filter((e): e is EnergyEntry => e.column === 'kWh');

  it('holds each band until the next reading, at most the hold time, split at the hour', async () => {
    await writeRows(dir, 'vitals.csv', [
      { timestamp: iso(T0 + 50 * MIN), deviceId: 'p', news2Band: 'low' },
      { timestamp: iso(T0 + 55 * MIN), deviceId: 'p', news2Band: 'high' },
      // A gap: "high" is held 10 minutes (the hold), from 00:55 into the next hour.
      { timestamp: iso(T0 + 90 * MIN), deviceId: 'p', news2Band: 'low-medium' },
      { timestamp: iso(T0 + 91 * MIN), deviceId: 'p', news2Band: 'medium' },
    ]);
    const answer = await runQuery(query(dir, { output: 'summary', from: T0, to: T0 + 2 * HOUR, bandHoldMs: 10 * MIN }));
    assert.deepEqual(
      bands(answer.payload as SummaryItem[]).map((e) => [e.key, e.start, e.bandSeconds]),
      [
        ['p', T0, { low: 300, 'low-medium': 0, medium: 0, high: 300 }],
        ['p', T0 + HOUR, { low: 0, 'low-medium': 60, medium: 600, high: 300 }],
      ],
    );
  });

  it('scores bands from the vitals as the news2 node does when the file has no band column', async () => {
    // Scale 1: SpO2 91 scores 3 (a single 3: low-medium); with RR 25 (3) and HR 131 (3): high.
    await writeRows(
      dir,
      'vitals.csv',
      [
        { timestamp: iso(T0), deviceId: 'p', spo2: 91, heartRate: 70 },
        { timestamp: iso(T0 + MIN), deviceId: 'p', spo2: 91, heartRate: 131, respiratoryRate: 25 },
      ],
      { columns: ['timestamp', 'deviceId', 'spo2', 'heartRate', 'respiratoryRate'] },
    );
    const answer = await runQuery(query(dir, { output: 'summary', from: T0, to: T0 + HOUR, bandHoldMs: MIN }));
    assert.deepEqual(bands(answer.payload as SummaryItem[])[0].bandSeconds, {
      low: 0,
      'low-medium': 60,
      medium: 0,
      high: 60,
    });
  });

  it('counts a counter’s rises per day, a fall being a reset from zero (10.0, 10.5, 0.2, 0.7 kWh → 1.2)', async () => {
    await writeRows(dir, 'plugs.csv', [
      { timestamp: iso(T0 + HOUR), deviceId: 'fridge', totalKWh: 10.0 },
      { timestamp: iso(T0 + 2 * HOUR), deviceId: 'fridge', totalKWh: 10.5 },
      { timestamp: iso(T0 + 3 * HOUR), deviceId: 'fridge', totalKWh: 0.2 },
      { timestamp: iso(T0 + 4 * HOUR), deviceId: 'fridge', totalKWh: 0.7 },
    ]);
    const answer = await runQuery(query(dir, { pattern: 'plugs.csv', output: 'summary' }));
    const [day] = energy(answer.payload as SummaryItem[]);
    assert.equal(day.key, 'fridge');
    assert.equal(day.start, T0);
    assert.equal(day.source, 'totalKWh');
    assert.ok(Math.abs(day.kWh - 1.2) < 1e-9, `${day.kWh}`);
  });

  it('adds up consumptionKWh per day, and energyWh as a counter in Wh', async () => {
    await writeRows(dir, 'plugs.csv', [
      { timestamp: iso(T0 + HOUR), deviceId: 'a', consumptionKWh: 0.25 },
      { timestamp: iso(T0 + 2 * HOUR), deviceId: 'a', consumptionKWh: 0.5 },
      { timestamp: iso(T0 + 26 * HOUR), deviceId: 'a', consumptionKWh: 1 },
    ]);
    await writeRows(dir, 'energy.csv', [
      { timestamp: iso(T0 + HOUR), host: 'h', energyWh: 100 },
      { timestamp: iso(T0 + 2 * HOUR), host: 'h', energyWh: 350 },
    ]);
    const plugs = await runQuery(query(dir, { pattern: 'plugs.csv', output: 'summary', to: T0 + 2 * 86400000 }));
    assert.deepEqual(
      energy(plugs.payload as SummaryItem[]).map((e) => [e.start, e.kWh]),
      [
        [T0, 0.75],
        [T0 + 86400000, 1],
      ],
    );
    const host = await runQuery(query(dir, { pattern: 'energy.csv', keyColumn: 'host', output: 'summary' }));
    assert.deepEqual(
      energy(host.payload as SummaryItem[]).map((e) => [e.key, e.kWh, e.source]),
      [['h', 0.25, 'energyWh']],
    );
  });
});
