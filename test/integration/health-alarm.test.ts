// The health example's NEWS2 alarm end to end through a real broker: a deteriorating patient's
// readings in, the alarm published to health/<id>/alarm (and its notification text) out.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { until } from './flow-fixture';
import { exampleRun } from './flow-run';

/** Vitals whose NEWS2 total is known from the chart (health.md §3), all seven parameters present. */
const VITALS: Record<number, Record<string, number | string | boolean>> = {
  // RR 16, SpO2 97, air, SBP 125, HR 75, alert, 36.8 °C: all 0.
  0: { respiratoryRate: 16, spo2: 97, systolic: 125, heartRate: 75, temperature: 36.8 },
  // RR 22 → 2, SpO2 95 → 1, SBP 105 → 1, HR 95 → 1, 37.5 °C → 0.
  5: { respiratoryRate: 22, spo2: 95, systolic: 105, heartRate: 95, temperature: 37.5 },
  // as 5, with 38.3 °C → 1.
  6: { respiratoryRate: 22, spo2: 94, systolic: 105, heartRate: 95, temperature: 38.3 },
  // RR 25 → 3, SpO2 93 → 2, SBP 105 → 1, HR 105 → 1, 38.3 °C → 1.
  8: { respiratoryRate: 25, spo2: 93, systolic: 105, heartRate: 105, temperature: 38.3 },
};

describe('health-monitoring example: vitals → news2 → threshold → health/<id>/alarm (integration)', function () {
  this.timeout(30000);
  const run = exampleRun('he-alarm-');

  it('publishes warning then critical for the deteriorating patient, nothing for the stable one', async () => {
    // Patient ids of our own, so that a demo or another run on a shared broker cannot interfere.
    const sick = `t${process.pid}-${Date.now() % 100000}-sick`;
    const well = `t${process.pid}-${Date.now() % 100000}-well`;
    const flow = run.example('health-monitoring');
    const texts = run.record<string>(flow, 'hm-alarm-text', 0, (msg) => msg.payload);
    const errors = run.record(flow, 'hm-catch', 0, (msg) => msg.error);
    await run.load(flow);
    const dir = run.dir;

    const alarms: { topic: string; payload: any }[] = [];
    const client = await run.client();
    client.on('message', (topic, payload) => alarms.push({ topic, payload: JSON.parse(payload.toString()) }));
    await client.subscribeAsync([`health/${sick}/alarm`, `health/${well}/alarm`], { qos: 1 });
    const base = Date.parse('2025-03-01T08:00:00.000Z');
    const send = (id: string, i: number, total: number) =>
      client.publishAsync(
        `health/${id}/vitals`,
        JSON.stringify({ patientId: id, timestamp: new Date(base + i * 60_000).toISOString(), onOxygen: false, consciousness: 'A', ...VITALS[total] }),
        { qos: 1 },
      );

    // The flow subscribes once its broker node connects: repeat a first reading until it is scored.
    await until('the flow to take readings', () => {
      const rows = fs.existsSync(path.join(dir, 'vitals.csv')) ? fs.readFileSync(path.join(dir, 'vitals.csv'), 'utf8') : '';
      if (!rows.includes(well)) void send(well, 0, 0);
      return rows.includes(well);
    });

    const series = [0, 0, 5, 5, 6, 8, 8];
    for (const [i, total] of series.entries()) {
      await send(sick, i + 1, total);
      await send(well, i + 1, 0);
    }
    await until('the critical alarm', () => alarms.some((a) => a.payload.severity === 'critical'));
    await new Promise((r) => setTimeout(r, 300)); // a surplus would show up here

    assert.deepEqual(
      alarms.map((a) => [a.topic, a.payload.key, a.payload.state, a.payload.severity, a.payload.value, a.payload.threshold]),
      [
        [`health/${sick}/alarm`, sick, 'raised', 'warning', 5, 5],
        [`health/${sick}/alarm`, sick, 'escalated', 'critical', 8, 7],
      ],
    );
    assert.equal(alarms[1].payload.rule, 'NEWS2');
    assert.equal(alarms[1].payload.previous, 'warning');
    assert.equal(alarms[1].payload.since, alarms[0].payload.since);
    assert.deepEqual(texts, [`${sick}: NEWS2 medium (5) — warning`, `${sick}: NEWS2 high (8) — critical`]);
    assert.deepEqual(errors, []);
  });
});
