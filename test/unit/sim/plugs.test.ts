import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { seededRandom } from '../../../sim/random';
import { SimPlug, advancePlug, applyCommand, commandTopics, createPlugs, telemetry } from '../../../sim/plug-model';
import { startPlugSimulator } from '../../../sim/plug-simulator';
import { parseMeterMessage } from '../../../nodes/energy-meter/parsers';
import { getTestBroker, TestBroker } from '../../support/broker';

const START = new Date('2025-03-01T21:00:00.000Z');
const STEP_S = 300;

/** Runs the plugs through `hours` of simulated time in 5-minute steps; returns each step's time and watts. */
function run(plugs: SimPlug[], hours: number, seed = 1): { time: Date; watts: number[][]; counters: number[] }[] {
  const random = seededRandom(seed);
  const out = [];
  for (let s = 0; s <= (hours * 3600) / STEP_S; s++) {
    const time = new Date(START.getTime() + s * STEP_S * 1000);
    const watts = plugs.map((p) => [...advancePlug(p, random, time, s === 0 ? 0 : STEP_S, START)]);
    out.push({ time, watts, counters: plugs.map((p) => p.counterWh) });
  }
  return out;
}
const byId = (plugs: SimPlug[], id: string) => plugs.find((p) => p.id === id)!;
const hourOf = (t: Date) => t.getUTCHours() + t.getUTCMinutes() / 60;

describe('simulated plugs (model)', () => {
  it('are one Tasmota, one 2-relay Tasmota, one Shelly Gen1 and one Shelly Gen2 plug', () => {
    const plugs = createPlugs();
    assert.deepEqual(
      plugs.map((p) => [p.id, p.format, p.channels]),
      [
        ['fridge', 'tasmota', 1],
        ['desk-strip', 'tasmota', 2],
        ['shellyplug-s-C0FFEE', 'shelly-gen1', 1],
        ['shellyplusplugs-d4d4da', 'shelly-gen2', 1],
      ],
    );
    assert.equal(createPlugs({ idPrefix: 'x-' })[0].id, 'x-fridge');
  });

  it('follow a day: the fridge cycles, the TV is on in the evening and on 7 W standby at night', () => {
    const plugs = createPlugs();
    const steps = run(plugs, 24);
    const i = plugs.findIndex((p) => p.id === 'fridge');
    const fridge = steps.map((s) => s.watts[i][0]);
    assert.ok(
      fridge.filter((w) => w > 80).length > 20 && fridge.filter((w) => w < 5).length > 40,
      'compressor on and off',
    );
    const tv = plugs.findIndex((p) => p.id === 'shellyplug-s-C0FFEE');
    for (const s of steps) {
      const h = hourOf(s.time);
      const w = s.watts[tv][0];
      if (h >= 19 && h < 22.5) assert.ok(w > 80, `TV on at ${h}: ${w}`);
      else assert.ok(w > 5 && w < 9, `TV standby at ${h}: ${w}`);
    }
    // Standby lasts long enough for the 2-15 W rule (2 h); the lamp's 90 min and the fridge never do.
    const longestIn = (k: number) => {
      let run = 0;
      let best = 0;
      for (const s of steps) {
        const w = s.watts[k].reduce((a, b) => a + b, 0);
        run = w >= 2 && w <= 15 ? run + STEP_S : 0;
        best = Math.max(best, run);
      }
      return best / 3600;
    };
    assert.ok(longestIn(tv) >= 2);
    assert.ok(longestIn(plugs.findIndex((p) => p.id === 'shellyplusplugs-d4d4da')) >= 2);
    assert.ok(longestIn(i) < 2, 'the fridge never looks idle for 2 h');
    assert.ok(longestIn(plugs.findIndex((p) => p.id === 'desk-strip')) < 2, 'the desk lamp is on for less than 2 h');
  });

  it('count energy up, except the Gen1 plug, whose counter restarts once at 02:00 (a reboot)', () => {
    const plugs = createPlugs();
    const steps = run(plugs, 30);
    for (const [k, p] of plugs.entries()) {
      const drops = steps.filter((s, n) => n > 0 && s.counters[k] < steps[n - 1].counters[k]);
      if (p.format === 'shelly-gen1') {
        assert.equal(drops.length, 1);
        assert.equal(drops[0].time.toISOString(), '2025-03-02T02:00:00.000Z');
      } else assert.equal(drops.length, 0, p.id);
      assert.ok(steps[steps.length - 1].counters[k] > 0);
    }
    // Tasmota's Today starts again at midnight and yesterday's total moves to Yesterday.
    const fridge = byId(plugs, 'fridge');
    assert.ok(fridge.yesterdayWh > 500 && fridge.todayWh > 0 && fridge.todayWh < fridge.yesterdayWh);
  });

  it('publish what the energy-meter node reads, in each firmware format', () => {
    const plugs = createPlugs();
    run(plugs, 1);
    const out = plugs.flatMap((p) => telemetry(p, START));
    assert.deepEqual(
      out.map((m) => m.topic),
      [
        'tele/fridge/SENSOR',
        'tele/desk-strip/SENSOR',
        'shellies/shellyplug-s-C0FFEE/relay/0/power',
        'shellies/shellyplug-s-C0FFEE/relay/0/energy',
        'shellyplusplugs-d4d4da/status/switch:0',
      ],
    );
    const parsed = out.map((m) => parseMeterMessage('auto', m.topic, m.payload));
    for (const r of parsed) assert.ok(r.ok, JSON.stringify(r));
    const readings = parsed.map((r) => (r.ok ? r.reading : undefined)!);
    assert.deepEqual(
      readings.map((r) => [r.deviceId, r.source]),
      [
        ['fridge', 'tasmota'],
        ['desk-strip', 'tasmota'],
        ['shellyplug-s-C0FFEE', 'shelly-gen1'],
        ['shellyplug-s-C0FFEE', 'shelly-gen1'],
        ['shellyplusplugs-d4d4da', 'shelly-gen2'],
      ],
    );
    const strip = byId(plugs, 'desk-strip');
    assert.deepEqual(
      readings[1].channels,
      strip.watts.map((w) => Math.round(w)),
    );
    assert.equal(readings[3].energyTotal, Math.floor(byId(plugs, 'shellyplug-s-C0FFEE').counterWh * 60) / 60000);
    assert.ok(
      Math.abs(readings[4].energyTotal! - byId(plugs, 'shellyplusplugs-d4d4da').counterWh / 1000) < 1e-6,
      'aenergy.total is in Wh',
    );
  });

  it('obey their own command topics: off means 0 W and a counter that stops', () => {
    const plugs = createPlugs();
    run(plugs, 0.5);
    const [fridge, strip, tv, gameConsole] = plugs;
    assert.deepEqual(plugs.map(commandTopics), [
      ['cmnd/fridge/+'],
      ['cmnd/desk-strip/+'],
      ['shellies/shellyplug-s-C0FFEE/relay/+/command'],
      ['shellyplusplugs-d4d4da/rpc'],
    ]);

    assert.deepEqual(applyCommand(fridge, 'cmnd/fridge/POWER', 'OFF', START)![0], {
      topic: 'stat/fridge/RESULT',
      payload: '{"POWER":"OFF"}',
    });
    const strip0 = applyCommand(strip, 'cmnd/desk-strip/POWER0', 'off', START)!;
    assert.deepEqual(JSON.parse(strip0[0].payload), { POWER1: 'OFF', POWER2: 'OFF' });
    assert.deepEqual(applyCommand(tv, 'shellies/shellyplug-s-C0FFEE/relay/0/command', 'off', START)![0], {
      topic: 'shellies/shellyplug-s-C0FFEE/relay/0',
      payload: 'off',
    });
    const rpc = applyCommand(
      gameConsole,
      'shellyplusplugs-d4d4da/rpc',
      JSON.stringify({ id: 1, src: 'node-red', method: 'Switch.Set', params: { id: 0, on: false } }),
      START,
    )!;
    assert.deepEqual(rpc[0], {
      topic: 'node-red/rpc',
      payload: JSON.stringify({ id: 1, src: 'shellyplusplugs-d4d4da', dst: 'node-red', result: { was_on: true } }),
    });
    assert.equal(JSON.parse(rpc[1].payload).output, false);

    const before = plugs.map((p) => p.counterWh);
    const after = run(plugs, 3);
    for (const s of after)
      for (const w of s.watts)
        assert.deepEqual(
          w.map(() => 0),
          w,
        );
    assert.deepEqual(
      plugs.map((p) => p.counterWh),
      before,
    );

    // Commands for another device, other channels or unknown words are ignored, as a device ignores them.
    assert.equal(applyCommand(fridge, 'cmnd/desk-strip/POWER', 'ON', START), undefined);
    assert.equal(applyCommand(fridge, 'cmnd/fridge/POWER', 'maybe', START), undefined);
    assert.equal(applyCommand(fridge, 'cmnd/fridge/POWER2', 'ON', START), undefined);
    assert.equal(applyCommand(gameConsole, 'shellyplusplugs-d4d4da/rpc', 'not json', START), undefined);
    assert.equal(
      applyCommand(
        gameConsole,
        'shellyplusplugs-d4d4da/rpc',
        '{"method":"Switch.Set","params":{"id":1,"on":true}}',
        START,
      ),
      undefined,
    );
    assert.ok(applyCommand(fridge, 'cmnd/fridge/POWER', 'TOGGLE', START));
    assert.equal(fridge.on[0], true);
  });
});

describe('simulated plugs over MQTT', function () {
  this.timeout(15000);
  let broker: TestBroker;
  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker.close();
  });

  it('publish telemetry rounds and switch a plug off on its command topic', async () => {
    const prefix = `simtest-${process.pid}-`;
    const sub = await mqtt.connectAsync(broker.url, { clean: true });
    const got: { topic: string; payload: string }[] = [];
    sub.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
    await sub.subscribeAsync(
      [
        `tele/${prefix}fridge/SENSOR`,
        `stat/${prefix}fridge/RESULT`,
        `shellies/${prefix}shellyplug-s-C0FFEE/relay/0/power`,
      ],
      { qos: 1 },
    );
    const sim = startPlugSimulator({
      url: broker.url,
      intervalMs: 50,
      daySeconds: 60,
      idPrefix: prefix,
      now: () => START,
    });
    try {
      await sim.ready;
      assert.equal(sim.speed, 1440);
      const fridge = () => got.filter((m) => m.topic.startsWith('tele/')).map((m) => JSON.parse(m.payload).ENERGY);
      while (fridge().length < 3) await new Promise((r) => setTimeout(r, 20));
      await sub.publishAsync(`cmnd/${prefix}fridge/POWER`, 'OFF', { qos: 1 });
      while (!got.some((m) => m.topic.startsWith('stat/'))) await new Promise((r) => setTimeout(r, 20));
      const off = fridge().length;
      while (fridge().length < off + 3) await new Promise((r) => setTimeout(r, 20));
      assert.equal(sim.commands, 1);
      const after = fridge().slice(off);
      assert.ok(
        after.every((e) => e.Power === 0),
        JSON.stringify(after),
      );
      assert.ok(
        after.every((e) => e.Total === after[0].Total),
        'the counter stops',
      );
      assert.ok(got.filter((m) => m.topic.includes('shellyplug')).length >= 3, 'the other plugs go on');
    } finally {
      await sim.stop();
      await sub.endAsync();
    }
  });
});
