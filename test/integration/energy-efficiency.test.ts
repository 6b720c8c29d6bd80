// The energy-efficiency example end to end through a real broker: the probe's samples over
// MQTT, the CPU-load rule (with a limit every host reaches), the action naming the top
// processes in watts, Wh and CPU share on energy/action/<host>, and today's energy per program
// as the bar chart's one replacing message per sample.
//
// Why the test drives the probe itself: the probe used to sample on its own 1 s timer, so a
// sample was nearly always under way when the test unloaded the flow. This test's client had
// it but csv-log had not written it yet (or the other way round), and "one row per sample"
// failed now and then on a busy machine. The CPU rule was never the cause: its limit is 0 %
// and a limit is inclusive, so every sample (load is never below 0) is at or above it. Now
// the probe has no interval (interval 0: it samples on input only) and the test sends it one
// message per sample, as the example's own inject and alarm do. So the test knows every sample
// the flow made, and it waits until the last one has arrived both here and in the CSV file
// before it compares them. The sampling timer itself is covered by test/nodes/energy-probe.test.ts.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { FlowNode, parseCsv, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('energy-efficiency example: energy-probe → MQTT → threshold → energy/action/<host> (integration)', function () {
  this.timeout(30000);
  const run = exampleRun('he-energy-');

  it('raises the CPU alarm and publishes one action with the top processes in watts and Wh, and logs every sample', async () => {
    // A host name of our own keeps the topics apart from a demo on the same broker.
    const host = `t${process.pid}-${Date.now() % 100000}-host`;
    const flow: FlowNode[] = run.example('energy-efficiency').map((n) => {
      if (n.type === 'he-energy-probe') return { ...n, interval: 0, host };
      if (n.type === 'mqtt in') return { ...n, topic: `energy/usage/${host}` };
      // Any load is at or above 0 %, so the rule fires on every host; 1 s instead of 30 s.
      if (n.id === 'ee-cpu-alarm')
        return {
          ...n,
          levels: [{ severity: 'warning', threshold: '0', hysteresis: '0' }],
          forSeconds: '1',
          clearForSeconds: '0',
        };
      return n;
    });
    const notified = run.record<string>(flow, 'ee-cpu-text', 0, (msg) => msg.payload);
    const actionText = run.record<string>(flow, 'ee-action-text', 0, (msg) => msg.payload);
    const bars = run.record<any>(flow, 'ee-proc-today', 0, (msg) => msg.payload);
    const errors = run.record(flow, 'ee-catch', 0, (msg) => msg.error);
    const sampled = run.record<string>(flow, 'ee-probe', 0, (msg) => msg.payload.timestamp);
    const written = run.record<string>(flow, 'ee-csv', 0, (msg) => msg.payload.timestamp);
    await run.load(flow);

    const actions: { topic: string; payload: any }[] = [];
    const usage: any[] = [];
    const client = await run.client();
    client.on('message', (topic, payload) => {
      const body = JSON.parse(payload.toString());
      if (topic.startsWith('energy/action/')) actions.push({ topic, payload: body });
      else usage.push(body);
    });
    await client.subscribeAsync([`energy/action/${host}`, `energy/usage/${host}`], { qos: 1 });
    // Four samples a second until the rule (held for 1 s) has raised its alarm.
    let asked = 0;
    const ticks = setInterval(() => {
      asked++;
      helper.getNode('ee-probe').receive({});
    }, 250);
    try {
      await until('the action message', () => actions.length > 0, 20000);
    } finally {
      clearInterval(ticks);
    }
    await new Promise((r) => setTimeout(r, 1500)); // a second action would show up here
    // Every sample made: one per tick, and the one the alarm asked for with its processes.
    await until('the last sample', () => sampled.length === asked + 1);
    const last = sampled[sampled.length - 1];
    await until(
      'the last sample both here and in the file',
      () => usage.at(-1)?.timestamp === last && written.at(-1) === last,
    );

    assert.equal(actions.length, 1, 'one action per raised alarm');
    const [action] = actions;
    assert.equal(action.topic, `energy/action/${host}`);
    assert.deepEqual(
      [action.payload.host, action.payload.rule, action.payload.severity, action.payload.threshold],
      [host, 'CPU load', 'warning', 0],
    );
    assert.ok(typeof action.payload.cpuLoad === 'number' && action.payload.cpuLoad >= 0);
    assert.ok(
      Array.isArray(action.payload.processes) &&
        action.payload.processes.length >= 1 &&
        action.payload.processes.length <= 5,
      JSON.stringify(action.payload.processes),
    );
    for (const p of action.payload.processes) {
      assert.ok(
        Number.isInteger(p.pid) &&
          typeof p.name === 'string' &&
          typeof p.command === 'string' &&
          p.cpuShare > 0 &&
          p.watts >= 0 &&
          p.wh >= 0,
        JSON.stringify(p),
      );
    }
    assert.match(
      action.payload.message,
      new RegExp(
        `^CPU load on ${host} was \\d+ % \\(limit 0 %\\) for 30 s\\. Top processes over the last [\\d.]+ s \\((rapl|estimate)\\): `,
      ),
    );
    // Each process named with its watts, Wh and CPU share, in the action's order.
    const named = action.payload.processes.map((p: any) => `${escape(p.name)} [\\d.]+ W, [\\d.]+ Wh, [\\d.]+ % CPU`);
    assert.match(action.payload.message, new RegExp(`: ${named.join('; ')}$`));
    assert.deepEqual(actionText, [action.payload.message], 'the Last action text and the notification show it');
    assert.equal(action.payload.energyToday.date.length, 10);
    // Today's programs, at most ten bars, one replacing message per sample.
    assert.equal(bars.length, asked + 1);
    for (const b of bars) {
      assert.ok(Array.isArray(b) && b.length <= 10, JSON.stringify(b));
      for (const bar of b) assert.ok(typeof bar.name === 'string' && bar.kWh >= 0, JSON.stringify(bar));
    }
    assert.ok(bars.at(-1).length >= 1, 'some program used energy today');
    assert.ok(!('topProcesses' in action.payload) && !('alarmEvent' in action.payload));
    // Regular samples never carry processes: they are read only on request.
    assert.ok(usage.length >= 2 && usage.filter((u) => 'processes' in u).length === 1, `${usage.length} samples`);
    assert.match(notified[0], new RegExp(`^${host}: CPU load \\d+ % \\(limit 0 %\\) — warning$`));
    assert.deepEqual(errors, []);

    await helper.unload();
    const [header, ...rows] = parseCsv(fs.readFileSync(path.join(run.dir, 'energy-usage.csv'), 'utf8'));
    assert.deepEqual(header, [
      'timestamp',
      'host',
      'cpuLoad',
      'memoryUsedPercent',
      'watts',
      'method',
      'energyWh',
      'cost',
      'currency',
      'co2Grams',
    ]);
    // The flow may subscribe after this test did and miss the first samples: compare from the first both got.
    const logged = rows.map((r) => r[0]);
    const received = usage.map((u) => u.timestamp);
    const both = (list: string[]) => list.filter((t) => t >= logged[0] && t >= received[0]);
    assert.ok(both(logged).length >= 2);
    assert.deepEqual(both(logged), both(received), 'one row per sample');
    for (const r of rows) {
      assert.equal(r[1], host);
      assert.ok(Number(r[4]) > 0 && ['rapl', 'estimate'].includes(r[5]) && r[8] === 'EUR', r.join(','));
    }
  });
});
