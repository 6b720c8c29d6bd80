// The smart-plugs example end to end through a real broker, with its dashboard (the real
// Dashboard 2.0 and the ward board): plug telemetry in four formats, energy-meter, the
// standby-waste rule (1 s instead of 2 h), a tile per plug with watts, kWh today and the alarm,
// Acknowledge from the board, and switch-off commands that are sent only while the consent gate
// is on, and not for a plug whose alarm was acknowledged.
import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { alarmsOf, watchBoard } from './board-view';
import { FlowNode, parseCsv, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';

describe('smart-plugs example: plugs → energy-meter → standby rule → board, consent gate → command (integration)', function () {
  this.timeout(30000);
  const run = exampleRun('he-plugs-', { dashboard: true });

  it('shows a tile per plug, and switches idle plugs off through their own command topics only after consent is given', async () => {
    const tag = `t${process.pid}x${Date.now() % 100000}`;
    const tv = `${tag}-tv`; // Tasmota, one relay
    const strip = `${tag}-strip`; // Tasmota, two relays
    const gen1 = `${tag}-gen1`;
    const gen2 = `${tag}-gen2`;
    const busy = `${tag}-busy`; // 90 W: in use, never an alarm
    const lamp = `${tag}-lamp`; // Tasmota, 7 W for hours: its alarm is acknowledged on the board

    const flow: FlowNode[] = run
      .example('smart-plugs')
      .map((n) => (n.id === 'sp-standby' ? { ...n, forSeconds: '1', renotifySeconds: '2' } : n));
    // Isolation on a shared broker: only this test's plugs reach the meter (a demo's plugs would
    // otherwise be switched off by this flow). Everything after the meter is the example as is.
    const tab = flow[0].z ?? flow.find((n) => n.type === 'tab')!.id;
    flow.push({
      id: 'test-only-ours',
      type: 'switch',
      z: tab,
      property: 'topic',
      propertyType: 'msg',
      rules: [{ t: 'cont', v: tag, vt: 'str' }],
      checkall: 'true',
      outputs: 1,
      wires: [['sp-meter']],
    });
    for (const n of flow)
      if (n.wires?.[0]?.includes('sp-meter') && n.id !== 'test-only-ours')
        n.wires[0] = n.wires[0].map((id: string) => (id === 'sp-meter' ? 'test-only-ours' : id));

    const notified = run.record<string>(flow, 'sp-notify-text', 0, (msg) => msg.payload);
    const readings = run.record(flow, 'sp-meter', 0, (msg) => msg.payload);
    const errors = run.record(flow, 'sp-catch', 0, (msg) => msg.error);
    const events = run.record(flow, 'sp-standby', 0, (msg) => msg.payload);
    await run.load(flow);
    const board = watchBoard(helper, 'he-ui-base', 'sp-board');

    const commands: { topic: string; payload: string }[] = [];
    const client = await run.client();
    let timer: NodeJS.Timeout | undefined;
    try {
      client.on('message', (topic, payload) => commands.push({ topic, payload: payload.toString() }));
      await client.subscribeAsync(
        [
          `cmnd/${tv}/+`,
          `cmnd/${strip}/+`,
          `cmnd/${busy}/+`,
          `cmnd/${lamp}/+`,
          `shellies/${gen1}/relay/+/command`,
          `${gen2}/rpc`,
          `${busy}/rpc`,
        ],
        { qos: 1 },
      );

      let round = 0;
      let gen1Counter = 75000; // watt-minutes
      const publishRound = () => {
        round++;
        // The Gen1 plug reboots at round 4: its counter starts again near 0.
        gen1Counter = round === 4 ? 3 : gen1Counter + 2;
        const tasmota = (power: number | number[]) =>
          JSON.stringify({
            Time: '2025-03-01T23:00:00',
            ENERGY: {
              TotalStartTime: '2023-01-10T08:00:00',
              Total: 12.5 + round / 1000,
              Today: 0.4,
              Yesterday: 1.1,
              Power: power,
              Voltage: 230,
            },
          });
        return Promise.all([
          client.publishAsync(`tele/${tv}/SENSOR`, tasmota(7), { qos: 1 }),
          client.publishAsync(`tele/${strip}/SENSOR`, tasmota([4, 1]), { qos: 1 }),
          client.publishAsync(`tele/${busy}/SENSOR`, tasmota(90), { qos: 1 }),
          client.publishAsync(`tele/${lamp}/SENSOR`, tasmota(7), { qos: 1 }),
          client.publishAsync(`shellies/${gen1}/relay/0/power`, '6.5', { qos: 1 }),
          client.publishAsync(`shellies/${gen1}/relay/0/energy`, String(gen1Counter), { qos: 1 }),
          client.publishAsync(
            `${gen2}/status/switch:0`,
            JSON.stringify({
              id: 0,
              output: true,
              apower: 11,
              voltage: 229.8,
              current: 0.05,
              aenergy: { total: 5432.1 + round },
            }),
            { qos: 1 },
          ),
        ]);
      };
      // The flow subscribes once its broker node connects: repeat until the meter has seen a round.
      await until('the flow to meter readings', () => {
        if (!readings.length) void publishRound();
        return readings.length > 0;
      });
      timer = setInterval(() => void publishRound(), 200);

      const keys = [tv, strip, `${gen1}/0`, `${gen2}/0`, lamp];
      const alarmed = (k: string) => notified.some((t) => t.startsWith(`Standby waste: ${k} draws`));
      await until('a standby alarm for each idle plug', () => keys.every(alarmed));

      // The board: a tile per plug with its watts and kWh today, the idle ones alarming.
      await until(
        'the alarms on the board',
        () => keys.every((k) => alarmsOf(board.tiles.get(k))?.[0] === 'warning unacked'),
        5000,
      );
      assert.deepEqual([...board.tiles.keys()].sort(), [...keys, busy].sort());
      assert.deepEqual(alarmsOf(board.tiles.get(busy)), [], 'a plug in use has no alarm');
      assert.deepEqual(board.tiles.get(tv)!.v, [7, 0.4], "watts, and the Tasmota plug's own Today");
      assert.deepEqual(board.tiles.get(strip)!.v, [5, 0.4]);
      assert.equal(board.tiles.get(tv)!.s, null, 'no score on a plug tile');
      // A Shelly sends no Today: the flow adds up energy-meter's consumption since the flow
      // started. Readings keep coming while the board shows its last batch, so the tile holds the
      // sum up to some reading: one of the running sums of what the meter sent (with power).
      const runningSums = (device: string) => {
        let kWh = 0;
        return readings
          .filter((r) => r.deviceId === device && typeof r.power === 'number')
          .map((r) => (kWh += r.consumption?.kWh ?? 0));
      };
      for (const [key, device] of [
        [`${gen1}/0`, gen1],
        [`${gen2}/0`, gen2],
      ]) {
        const shown = board.tiles.get(key)!.v[1] as number;
        assert.ok(shown > 0, `${key}: ${shown} kWh today`);
        assert.ok(
          runningSums(device).some((sum) => Math.abs(sum - shown) < 1e-12),
          `${key}: ${shown} is a running sum of ${runningSums(device).join(', ')}`,
        );
      }

      // Acknowledged on the board: the lamp is meant to be on. The threshold answers on its
      // events, the tile shows it, and the lamp's alarm stops re-notifying.
      board.ack(lamp);
      await until(
        'the lamp acknowledged on the board',
        () => alarmsOf(board.tiles.get(lamp))?.[0] === 'warning acked',
        5000,
      );
      assert.ok(events.some((e) => e.key === lamp && e.state === 'acknowledged'));
      await new Promise((r) => setTimeout(r, 600));
      assert.equal(commands.length, 0, `no command while switch-off is not allowed: ${JSON.stringify(commands)}`);
      assert.ok(
        notified.every((t) => t.endsWith('— automatic switch-off is not allowed')),
        notified.join('\n'),
      );
      assert.ok(!notified.some((t) => t.includes(busy)), 'a plug in use is left alone');
      assert.match(
        notified.find((t) => t.includes(tv))!,
        new RegExp(`^Standby waste: ${tv} draws 7 W while idle`),
      );

      // What the dashboard switch does when the user turns it on.
      helper.getNode('sp-set-gate').receive({ payload: true, topic: 'allowSwitchOff' });
      const sent = (topic: string) => commands.find((c) => c.topic === topic);
      const expected = [`cmnd/${tv}/POWER`, `cmnd/${strip}/POWER0`, `shellies/${gen1}/relay/0/command`, `${gen2}/rpc`];
      await until('a command to each idle plug (on the next re-notification)', () => expected.every(sent), 8000);
      assert.equal(sent(`cmnd/${tv}/POWER`)!.payload, 'OFF');
      assert.equal(sent(`cmnd/${strip}/POWER0`)!.payload, 'OFF', 'a multi-relay Tasmota: every relay');
      assert.equal(sent(`shellies/${gen1}/relay/0/command`)!.payload, 'off');
      assert.deepEqual(JSON.parse(sent(`${gen2}/rpc`)!.payload), {
        id: 1,
        src: 'node-red',
        method: 'Switch.Set',
        params: { id: 0, on: false },
      });
      assert.ok(!commands.some((c) => c.topic.includes(busy)));
      assert.ok(!commands.some((c) => c.topic.includes(lamp)), 'no command for the acknowledged plug');
      assert.ok(notified.some((t) => t.endsWith('— switching it off')));

      // Picking a plug's tile fills the chart with its watts, one point per minute.
      board.pick(tv);
      await until('the chart of the picked plug', () => (helper.getNode('sp-chart').getState() ?? []).length > 0, 5000);
      const points = helper
        .getNode('sp-chart')
        .getState()
        .map((m: { _datapoint: { category: string; y: number } }) => m._datapoint);
      assert.ok(
        points.length <= 2 && points.every((p: { category: string; y: number }) => p.category === tv && p.y === 7),
        JSON.stringify(points),
      );

      // Consent withdrawn: the next re-notifications send nothing.
      helper.getNode('sp-set-gate').receive({ payload: false, topic: 'allowSwitchOff' });
      await new Promise((r) => setTimeout(r, 300));
      const before = commands.length;
      const notesBefore = notified.length;
      await until('the next re-notification', () => notified.length >= notesBefore + 4, 8000);
      assert.ok(
        !notified.slice(notesBefore).some((t) => t.includes(lamp)),
        'the acknowledged alarm does not re-notify',
      );
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(commands.length, before, 'no command after consent is withdrawn');
      assert.deepEqual(errors, []);

      clearInterval(timer);
      timer = undefined;
      await helper.unload();
      const [header, ...rows] = parseCsv(fs.readFileSync(path.join(run.dir, 'plugs.csv'), 'utf8'));
      const col = (name: string) => header.indexOf(name);
      const gen1Rows = rows.filter((r) => r[col('deviceId')] === gen1);
      assert.ok(gen1Rows.length >= 8);
      assert.equal(
        gen1Rows.filter((r) => r[col('counterReset')] === 'true').length,
        1,
        'the reboot shows once as a counter reset',
      );
      assert.ok(
        gen1Rows.every((r) => Number(r[col('consumptionKWh')]) >= 0),
        'never negative energy',
      );
      const strips = rows.filter((r) => r[col('deviceId')] === strip);
      assert.ok(strips.length > 0 && strips.every((r) => r[col('power')] === '5' && r[col('source')] === 'tasmota'));
    } finally {
      if (timer) clearInterval(timer);
    }
  });
});
