import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mock } from 'node:test';
const helper = require('node-red-node-test-helper');
const thresholdNode = require('../../nodes/threshold/threshold.js');
const catchNode = require('@node-red/nodes/core/common/25-catch.js');
const memoryStore = require('@node-red/runtime/lib/nodes/context/memory.js');
const linkNode = require('@node-red/nodes/core/common/60-link.js');

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const settle = () => new Promise((r) => setTimeout(r, 30));

const HR_LEVELS = [
  { severity: 'warning', threshold: '100', hysteresis: '5' },
  { severity: 'critical', threshold: '130', hysteresis: '10' },
];

function flow(extra: Record<string, unknown> = {}) {
  return [
    {
      id: 'th',
      type: 'he-threshold',
      name: 'heart rate',
      property: 'payload.heartRate',
      propertyType: 'msg',
      keyProperty: 'payload.deviceId',
      keyPropertyType: 'msg',
      operator: 'above',
      levels: HR_LEVELS,
      forSeconds: '0',
      forSamples: '0',
      clearForSeconds: '0',
      clearForSamples: '0',
      renotifySeconds: '0',
      maxKeys: '1000',
      idleSeconds: '0',
      staleSeconds: '0',
      contextStore: '',
      wires: [['alarms'], ['through']],
      ...extra,
    },
    { id: 'alarms', type: 'helper' },
    { id: 'through', type: 'helper' },
    { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];
}

/** Collects what reaches the two outputs and the Catch node. */
function collect() {
  const got = { alarms: [] as Msg[], through: [] as Msg[], caught: [] as Msg[] };
  helper.getNode('alarms').on('input', (m: Msg) => got.alarms.push(m));
  helper.getNode('through').on('input', (m: Msg) => got.through.push(m));
  helper.getNode('caught').on('input', (m: Msg) => got.caught.push(m));
  return got;
}

/** The node with a RED._ that shows its parameters ("key name=value ..."): the numbers and reasons a user reads. */
const withParams = (red: { _: unknown }) => {
  red._ = (key: string, params: Record<string, unknown> = {}) =>
    [key, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join(' ');
  return thresholdNode(red);
};

/** Alarm payloads in short form: "state severity value". */
const short = (ms: Msg[]) => ms.map((m) => `${m.payload.state} ${m.payload.severity} ${m.payload.value}`);

describe('threshold node', function () {
  let clock: typeof mock.timers | null = null;

  /** Fake Date and setInterval from T0, so the node's 1 s timer and timestamps are ours to drive. */
  function fakeClock() {
    mock.timers.enable({ apis: ['Date', 'setInterval'], now: T0 });
    clock = mock.timers;
  }
  const advance = async (seconds: number) => {
    for (let i = 0; i < seconds; i++) clock!.tick(1000);
    await settle();
  };

  beforeEach(() => helper.startServer());
  afterEach(async () => {
    await helper.unload();
    await new Promise<void>((r) => helper.stopServer(r));
    if (clock) mock.timers.reset();
    clock = null;
    helper.settings({});
  });

  it('loads with its name and shows an empty status', async () => {
    await helper.load([thresholdNode, catchNode], flow());
    const n = helper.getNode('th');
    assert.equal(n.name, 'heart rate');
    await settle();
    assert.deepEqual(n.status.lastCall.args[0], { fill: 'green', shape: 'dot', text: 'threshold.status.summary' });
  });

  it('raises, escalates, de-escalates and clears with exact events, and tags every message with msg.alarm', async () => {
    fakeClock();
    await helper.load([thresholdNode, catchNode], flow());
    const got = collect();
    const n = helper.getNode('th');
    const send = async (hr: number) => {
      n.receive({ payload: { deviceId: 'bed1', heartRate: hr } });
      await settle();
      clock!.tick(10_000);
    };
    for (const hr of [90, 105, 135, 125, 119, 94]) await send(hr);
    assert.deepEqual(
      got.alarms.map((m) => [m.topic, m.payload]),
      [
        [
          'bed1/alarm',
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'warning',
            state: 'raised',
            value: 105,
            threshold: 100,
            since: iso(10),
            ts: iso(10),
          },
        ],
        [
          'bed1/alarm',
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'critical',
            state: 'escalated',
            value: 135,
            threshold: 130,
            since: iso(10),
            ts: iso(20),
            previous: 'warning',
          },
        ],
        [
          'bed1/alarm',
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'warning',
            state: 'deescalated',
            value: 119,
            threshold: 100,
            since: iso(10),
            ts: iso(40),
            previous: 'critical',
          },
        ],
        [
          'bed1/alarm',
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'warning',
            state: 'cleared',
            value: 94,
            threshold: 100,
            since: iso(10),
            ts: iso(50),
          },
        ],
      ],
    );
    assert.deepEqual(
      got.through.map((m) => [m.payload.heartRate, m.alarm.active, m.alarm.severity]),
      [
        [90, false, null],
        [105, true, 'warning'],
        [135, true, 'critical'],
        [125, true, 'critical'],
        [119, true, 'warning'],
        [94, false, null],
      ],
    );
    assert.deepEqual(got.through[2].alarm, {
      key: 'bed1',
      rule: 'heart rate',
      active: true,
      severity: 'critical',
      since: iso(10),
      acked: false,
      stale: false,
      value: 135,
    });
    assert.equal(got.caught.length, 0);
  });

  it('passes the message itself on output 2 when it raises an alarm, and the event carries its _msgid', async () => {
    await helper.load([thresholdNode, catchNode], flow());
    const got = collect();
    const sent = { _msgid: 'reading-1', payload: { deviceId: 'bed1', heartRate: 140 } };
    helper.getNode('th').receive(sent);
    await settle();
    assert.deepEqual(short(got.alarms), ['raised critical 140']);
    assert.equal(got.alarms[0]._msgid, 'reading-1');
    assert.equal(got.through.length, 1);
    // Not a copy: a node after output 2 sees the object the flow sent, with msg.alarm set on it.
    assert.equal(got.through[0], sent);
    assert.equal((sent as Msg).alarm.severity, 'critical');
  });

  it('keeps keys apart and uses "default" when the message has no key', async () => {
    await helper.load([thresholdNode, catchNode], flow({ property: 'payload', keyProperty: 'topic' }));
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ topic: 'a', payload: 120 });
    n.receive({ topic: 'b', payload: 80 });
    n.receive({ payload: '140' });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.topic} ${m.payload.state} ${m.payload.severity}`),
      ['a/alarm raised warning', 'default/alarm raised critical'],
    );
    assert.deepEqual(
      got.through.map((m) => m.alarm.key),
      ['a', 'b', 'default'],
    );
  });

  it('reports a bad value to Catch and passes the message on output 2 with the alarm unchanged', async () => {
    await helper.load([thresholdNode, catchNode], flow());
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'bed1', heartRate: 110 } });
    n.receive({ payload: { deviceId: 'bed1', heartRate: 'n/a' } });
    n.receive({ payload: { deviceId: 'bed1' } });
    n.receive({ payload: { deviceId: { id: 1 }, heartRate: 50 } });
    await settle();
    assert.deepEqual(short(got.alarms), ['raised warning 110'], 'bad values neither raise nor clear');
    assert.equal(got.through.length, 4, 'nothing dropped');
    assert.deepEqual(
      [got.through[1].alarm.active, got.through[1].alarm.severity, got.through[1].alarm.value],
      [true, 'warning', 110],
    );
    assert.equal(got.through[3].alarm, undefined);
    assert.deepEqual(
      got.caught.map((m) => m.error.message),
      ['threshold.errors.value', 'threshold.errors.value', 'threshold.errors.key'],
    );
    assert.equal(got.caught[0].payload.heartRate, 'n/a', 'Catch gets the message that failed');
    const status = n.status.lastCall.args[0];
    assert.deepEqual([status.fill, status.shape], ['red', 'ring']);
  });

  it('reports a configuration error and every message to Catch', async () => {
    await helper.load(
      [thresholdNode, catchNode],
      flow({
        levels: [
          { severity: 'critical', threshold: '130' },
          { severity: 'warning', threshold: '100' },
        ],
      }),
    );
    const got = collect();
    helper.getNode('th').receive({ payload: { deviceId: 'bed1', heartRate: 140 } });
    await settle();
    assert.equal(got.alarms.length + got.through.length, 0);
    assert.equal(got.caught.length, 1);
    // The translated lead, then what is wrong with which setting.
    assert.match(got.caught[0].error.message, /^threshold\.errors\.config: \S/);
  });

  it('msg.ack acknowledges (stops re-notifying, stays active); msg.reset clears one key or all', async () => {
    fakeClock();
    await helper.load([thresholdNode, catchNode], flow({ renotifySeconds: '60' }));
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'bed1', heartRate: 110 } });
    n.receive({ payload: { deviceId: 'bed2', heartRate: 140 } });
    await settle();
    await advance(60);
    assert.deepEqual(
      got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.severity}`),
      ['bed1 raised warning', 'bed2 raised critical', 'bed1 renotify warning', 'bed2 renotify critical'],
    );
    got.alarms.length = 0;
    n.receive({ _msgid: 'ack-1', ack: 'bed1' });
    await settle();
    await advance(60);
    assert.deepEqual(
      got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.severity} ${m.payload.ts}`),
      [`bed1 acknowledged warning ${iso(60)}`, `bed2 renotify critical ${iso(120)}`],
    );
    assert.equal(got.alarms[0]._msgid, 'ack-1', 'the event the ack caused carries its id');
    assert.notEqual(got.alarms[1]._msgid, 'ack-1', 'a re-notification comes from the timer, not the ack');
    got.alarms.length = 0;
    n.receive({ payload: { deviceId: 'bed1', heartRate: 112 } });
    await settle();
    assert.deepEqual(got.through.at(-1)!.alarm, {
      key: 'bed1',
      rule: 'heart rate',
      active: true,
      severity: 'warning',
      since: iso(0),
      acked: true,
      stale: false,
      value: 112,
    });
    // A command message carries the key in the key property too.
    n.receive({ reset: true, payload: { deviceId: 'bed2' } });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.severity} ${m.payload.reason}`),
      ['bed2 cleared critical reset'],
    );
    n.receive({ reset: true });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.reason}`),
      ['bed2 cleared reset', 'bed1 cleared reset'],
    );
    assert.equal(got.through.length, 3, 'commands are not passed on output 2');
    assert.equal(got.caught.length, 0);
  });

  it('raises after the value held for the time (CPU above 80 for 30 s), on the timer', async () => {
    fakeClock();
    await helper.load(
      [thresholdNode, catchNode],
      flow({
        name: 'cpu',
        property: 'payload.cpu.load',
        keyProperty: 'topic',
        levels: [{ severity: 'warning', threshold: '80', hysteresis: '10' }],
        forSeconds: '30',
      }),
    );
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ topic: 'host', payload: { cpu: { load: 85 } } });
    await advance(10);
    n.receive({ topic: 'host', payload: { cpu: { load: 60 } } });
    await advance(5);
    n.receive({ topic: 'host', payload: { cpu: { load: 95 } } });
    await advance(29);
    assert.equal(got.alarms.length, 0);
    await advance(1);
    assert.deepEqual(
      got.alarms.map((m) => [m.payload.state, m.payload.value, m.payload.ts]),
      [['raised', 95, iso(45)]],
    );
  });

  it('raises a stale alarm for a silent key and clears it with the next value', async () => {
    fakeClock();
    await helper.load([thresholdNode, catchNode], flow({ staleSeconds: '30' }));
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'bed1', heartRate: 72 } });
    await advance(29);
    assert.equal(got.alarms.length, 0);
    await advance(1);
    assert.deepEqual(
      got.alarms.map((m) => m.payload),
      [
        {
          key: 'bed1',
          rule: 'heart rate',
          severity: 'stale',
          state: 'raised',
          value: 72,
          threshold: 30,
          since: iso(30),
          ts: iso(30),
          lastSeen: iso(0),
        },
      ],
    );
    n.receive({ payload: { deviceId: 'bed1', heartRate: 'garbage' } });
    await settle();
    assert.equal(got.alarms.length, 1, 'a bad value is no sign of life');
    n.receive({ payload: { deviceId: 'bed1', heartRate: 74 } });
    await settle();
    assert.deepEqual(short(got.alarms.slice(1)), ['cleared stale 72']);
    assert.equal(got.through.at(-1)!.alarm.stale, false);
  });

  it('evicts the least recently seen key beyond maxKeys and says so for an active alarm', async () => {
    await helper.load([thresholdNode, catchNode], flow({ maxKeys: '2' }));
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'old', heartRate: 120 } });
    n.receive({ payload: { deviceId: 'b', heartRate: 60 } });
    n.receive({ payload: { deviceId: 'c', heartRate: 60 } });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.reason ?? ''}`),
      ['old raised ', 'old cleared evicted'],
    );
    assert.ok(n.warn.getCalls().some((c: any) => c.thisValue === n && c.args[0] === 'threshold.errors.evicted'));
  });

  it('a burst of new keys shows one status at once and, within 250 ms, the latest count', async () => {
    await helper.load([withParams, catchNode], flow());
    const n = helper.getNode('th');
    await settle();
    assert.deepEqual(n.status.lastCall.args[0], {
      fill: 'green',
      shape: 'dot',
      text: 'threshold.status.summary active=0 keys=0',
    });
    // The start-up status was just shown: the burst's statuses are held, only the latest shown.
    const before = n.status.callCount;
    for (let i = 0; i < 20; i++) n.receive({ payload: { deviceId: `bed${i}`, heartRate: 60 } });
    await settle();
    assert.ok(n.status.callCount - before <= 1, 'not a status per message');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(n.status.callCount - before, 1);
    assert.deepEqual(n.status.lastCall.args[0], {
      fill: 'green',
      shape: 'dot',
      text: 'threshold.status.summary active=0 keys=20',
    });
  });

  it('a bad value turns the status red at once, even within the status interval', async () => {
    await helper.load([withParams, catchNode], flow());
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'a', heartRate: 60 } });
    n.receive({ payload: { deviceId: 'b', heartRate: 60 } });
    n.receive({ payload: { deviceId: 'b', heartRate: 'n/a' } });
    await settle();
    assert.deepEqual(n.status.lastCall.args[0], {
      fill: 'red',
      shape: 'ring',
      text: 'threshold.status.summary active=0 keys=2 · threshold.status.errors count=1',
    });
  });

  it('reads value and key paths Node-RED parses itself (brackets, quotes) as before', async () => {
    await helper.load(
      [thresholdNode, catchNode],
      flow({ property: 'payload["heart rate"]', keyProperty: 'payload.ids[0]' }),
    );
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { ids: ['bed7'], 'heart rate': 120 } });
    n.receive({ payload: { ids: [], 'heart rate': 80 } });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.topic} ${m.payload.state}`),
      ['bed7/alarm raised'],
    );
    assert.deepEqual(
      got.through.map((m) => m.alarm.key),
      ['bed7', 'default'],
    );
  });

  it('a value or key from another type than msg (str) is still evaluated by Node-RED', async () => {
    await helper.load(
      [thresholdNode, catchNode],
      flow({ property: '120', propertyType: 'num', keyProperty: 'ward', keyPropertyType: 'str' }),
    );
    const got = collect();
    helper.getNode('th').receive({ payload: {} });
    await settle();
    assert.deepEqual(
      got.alarms.map((m) => `${m.topic} ${m.payload.state} ${m.payload.value}`),
      ['ward/alarm raised 120'],
    );
  });

  it("a value path through a missing parent is a bad value with Node-RED's reason", async () => {
    await helper.load([withParams, catchNode], flow({ property: 'payload.vitals.heartRate' }));
    const got = collect();
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'bed1' } });
    n.receive({ payload: { deviceId: 'bed1', vitals: { heartRate: 'x' } } });
    await settle();
    assert.deepEqual(
      got.caught.map((m) => m.error.message),
      [
        "threshold.errors.value property=msg.payload.vitals.heartRate key=bed1 reason=Cannot read properties of undefined (reading 'heartRate')",
        'threshold.errors.value property=msg.payload.vitals.heartRate key=bed1 reason=got "x", expected a number',
      ],
    );
    assert.equal(got.through.length, 2);
  });

  it('keeps its state in the chosen context store', async () => {
    await helper.load([thresholdNode, catchNode], flow());
    const n = helper.getNode('th');
    n.receive({ payload: { deviceId: 'bed1', heartRate: 135 } });
    await settle();
    const saved = n.context().get('state');
    assert.equal(saved.version, 1);
    assert.deepEqual(
      saved.keys.map((k: any) => [k.key, k.severity, k.value]),
      [['bed1', 'critical', 135]],
    );
    assert.doesNotThrow(() => JSON.stringify(saved));
  });

  describe('msg.report', () => {
    /** Three keys: bed1 critical, bed2 warning acknowledged, bed3 calm; then bed4 warning. */
    async function withAlarms(extra: Record<string, unknown> = {}) {
      await helper.load([withParams, catchNode], flow(extra));
      const got = collect();
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 135 } });
      n.receive({ payload: { deviceId: 'bed2', heartRate: 110 } });
      n.receive({ payload: { deviceId: 'bed3', heartRate: 70 } });
      n.receive({ payload: { deviceId: 'bed4', heartRate: 101 } });
      n.receive({ ack: 'bed2' });
      await new Promise((r) => setTimeout(r, 300));
      got.alarms.length = 0;
      got.through.length = 0;
      return { got, n };
    }

    it('true: one active event per active alarm, least recently seen key first, on output 1 only', async () => {
      fakeClock();
      const { got, n } = await withAlarms();
      clock!.tick(5000);
      const statuses = n.status.callCount;
      n.receive({ _msgid: 'report-1', report: true });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => [m.topic, m.payload]),
        [
          [
            'bed1/alarm',
            {
              key: 'bed1',
              rule: 'heart rate',
              severity: 'critical',
              state: 'active',
              value: 135,
              threshold: 130,
              since: iso(0),
              ts: iso(5),
              acked: false,
            },
          ],
          [
            'bed2/alarm',
            {
              key: 'bed2',
              rule: 'heart rate',
              severity: 'warning',
              state: 'active',
              value: 110,
              threshold: 100,
              since: iso(0),
              ts: iso(5),
              acked: true,
            },
          ],
          [
            'bed4/alarm',
            {
              key: 'bed4',
              rule: 'heart rate',
              severity: 'warning',
              state: 'active',
              value: 101,
              threshold: 100,
              since: iso(0),
              ts: iso(5),
              acked: false,
            },
          ],
        ],
      );
      assert.ok(
        got.alarms.every((m) => m._msgid === 'report-1'),
        'the events carry the id of the message that asked',
      );
      assert.equal(got.through.length, 0, 'a command is not passed on output 2');
      assert.equal(n.status.callCount, statuses, 'the status is not redrawn: nothing changed');
      assert.equal(got.caught.length, 0);
    });

    it('a text names the key (trimmed); an unknown key or one without an alarm: no event', async () => {
      const { got, n } = await withAlarms();
      n.receive({ report: ' bed2 ' });
      n.receive({ report: 'nobody' });
      n.receive({ report: 'bed3' });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.severity} acked=${m.payload.acked}`),
        ['bed2 active warning acked=true'],
      );
    });

    it('true reports every key, also when the message carries a key (unlike msg.ack)', async () => {
      const { got, n } = await withAlarms();
      n.receive({ report: true, payload: { deviceId: 'bed1' } });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => m.payload.key),
        ['bed1', 'bed2', 'bed4'],
      );
    });

    it('reports the stale alarm of a silent key, with lastSeen, beside its value alarm', async () => {
      fakeClock();
      await helper.load([thresholdNode, catchNode], flow({ staleSeconds: '30' }));
      const got = collect();
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 120 } });
      await advance(40);
      got.alarms.length = 0;
      n.receive({ report: 'bed1' });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => m.payload),
        [
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'warning',
            state: 'active',
            value: 120,
            threshold: 100,
            since: iso(0),
            ts: iso(40),
            acked: false,
          },
          {
            key: 'bed1',
            rule: 'heart rate',
            severity: 'stale',
            state: 'active',
            value: 120,
            threshold: 30,
            since: iso(30),
            ts: iso(40),
            lastSeen: iso(0),
            acked: false,
          },
        ],
      );
    });

    it('no active alarm: no event and the status stays as it was', async () => {
      await helper.load([withParams, catchNode], flow());
      const got = collect();
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 70 } });
      await new Promise((r) => setTimeout(r, 300));
      const statuses = n.status.callCount;
      n.receive({ report: true });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(got.alarms.length, 0);
      assert.equal(got.through.length, 1, 'only the reading');
      assert.equal(n.status.callCount, statuses);
      assert.deepEqual(n.status.lastCall.args[0], {
        fill: 'green',
        shape: 'dot',
        text: 'threshold.status.summary active=0 keys=1',
      });
    });

    it('with msg.ack or msg.reset in the same message, reports after them', async () => {
      const { got, n } = await withAlarms();
      n.receive({ ack: 'bed1', report: true });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state} acked=${m.payload.acked}`),
        [
          'bed1 acknowledged acked=undefined',
          'bed1 active acked=true',
          'bed2 active acked=true',
          'bed4 active acked=false',
        ],
      );
      got.alarms.length = 0;
      n.receive({ reset: 'bed4', report: true });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.reason ?? ''}`),
        ['bed4 cleared reset', 'bed1 active ', 'bed2 active '],
      );
    });

    it('false or null is no command: the message is checked as a reading', async () => {
      const { got, n } = await withAlarms();
      n.receive({ report: false, payload: { deviceId: 'bed5', heartRate: 140 } });
      n.receive({ report: null, payload: { deviceId: 'bed6', heartRate: 60 } });
      await settle();
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state}`),
        ['bed5 raised'],
      );
      assert.equal(got.through.length, 2);
    });
  });

  describe('report at start', () => {
    /** The helper never opens context stores; open them as the runtime does at start-up. */
    const openStores = () => helper._context.load();
    // A memory store named in the settings, as in settings.js (the helper's fallback store,
    // used without one, loses node context on a redeploy).
    beforeEach(() => helper.settings({ contextStorage: { default: { module: 'memory' } } }));
    /** A redeploy of the whole flow: every node is stopped and created again; context is kept. */
    const redeploy = (f: Record<string, unknown>[]) => helper.setFlows(f, 'full');
    /** The flow as the editor saves it: on a tab, each node placed (x, y), in this order. */
    const onTab = (nodes: Record<string, unknown>[], z = 't1') =>
      nodes.map((n, i) => ({ ...n, z, x: 100 + 150 * i, y: 100 }));
    const raise = async () => {
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 135 } });
      n.receive({ payload: { deviceId: 'bed2', heartRate: 110 } });
      n.receive({ ack: 'bed2' });
      await new Promise((r) => setTimeout(r, 1100));
    };

    it('after a redeploy the node wired after it receives each active alarm once', async () => {
      const f = [{ id: 't1', type: 'tab', label: 'alarms' }, ...onTab(flow({ reportAtStart: true }))];
      await helper.load([thresholdNode, catchNode, openStores], f);
      await raise();
      await redeploy(f);
      const got = collect();
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        got.alarms.map((m) => `${m.topic} ${m.payload.state} ${m.payload.severity} acked=${m.payload.acked}`),
        ['bed1/alarm active critical acked=false', 'bed2/alarm active warning acked=true'],
      );
      assert.ok(got.alarms.every((m) => typeof m._msgid === 'string' && m._msgid !== ''));
      assert.equal(got.through.length, 0);
      assert.equal(got.caught.length, 0);
    });

    it('with the setting off, or absent (a flow saved before it existed), nothing is sent at start', async () => {
      for (const nodes of [flow({ reportAtStart: false }), flow()]) {
        const f = [{ id: 't1', type: 'tab', label: 'alarms' }, ...onTab(nodes)];
        await helper.load([thresholdNode, catchNode, openStores], f);
        await raise();
        await redeploy(f);
        const got = collect();
        await new Promise((r) => setTimeout(r, 200));
        assert.equal(got.alarms.length, 0);
        // The alarms are still there.
        helper.getNode('th').receive({ report: true });
        await settle();
        assert.deepEqual(
          got.alarms.map((m) => m.payload.key),
          ['bed1', 'bed2'],
        );
        await helper.unload();
      }
    });

    it('waits for every flow to start: a node on a later tab, behind a link and a slow start, still gets the events', async () => {
      // The second tab's environment variable reads a context store that answers a turn later
      // (like a remote store): Node-RED starts that tab only after the answer, well after the
      // threshold node on the first tab has restored its state.
      const slowStore = (config: unknown) => {
        const inner = memoryStore(config);
        const get = inner.get.bind(inner);
        inner.get = (scope: string, key: string, cb?: (err: Error | null, v?: unknown) => void) => {
          if (!cb) return get(scope, key);
          setTimeout(() => get(scope, key, cb), 20);
        };
        return inner;
      };
      helper.settings({ contextStorage: { default: { module: 'memory' }, slow: { module: slowStore } } });
      const f = [
        { id: 't1', type: 'tab', label: 'alarms' },
        ...onTab([
          { ...flow({ reportAtStart: true })[0], wires: [['out'], []] },
          { id: 'out', type: 'link out', mode: 'link', links: ['in'] },
          { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ]),
        {
          id: 't2',
          type: 'tab',
          label: 'board',
          env: [{ name: 'WARD', type: 'jsonata', value: '$globalContext("ward", "slow")' }],
        },
        ...onTab(
          [
            { id: 'in', type: 'link in', links: ['out'], wires: [['alarms']] },
            { id: 'alarms', type: 'helper' },
            { id: 'through', type: 'helper' },
          ],
          't2',
        ),
      ];
      await helper.load([thresholdNode, catchNode, linkNode, openStores], f);
      await raise();
      await redeploy(f);
      const got = collect();
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.severity}`),
        ['bed1 active critical', 'bed2 active warning'],
      );
      assert.equal(got.caught.length, 0);
    });
  });

  describe('when the state is written', () => {
    /** A memory store that counts the writes of the node's state. */
    let writes: { keys: number; active: number }[] = [];
    const countingStore = (config: unknown) => {
      const inner = memoryStore(config);
      const set = inner.set.bind(inner);
      inner.set = (scope: string, key: string, value: any, cb?: (err?: Error) => void) => {
        if (key === 'state')
          writes.push({ keys: value.keys.length, active: value.keys.filter((k: any) => k.severity !== null).length });
        return set(scope, key, value, cb);
      };
      return inner;
    };
    const openStores = () => helper._context.load();
    beforeEach(() => {
      writes = [];
      helper.settings({ contextStorage: { counting: { module: countingStore } } });
    });

    it('a burst of alarm events on many keys, over many turns, is a few writes of the state, not one per event', async () => {
      const N = 400;
      await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'counting', maxKeys: String(N) }));
      const got = collect();
      const n = helper.getNode('th');
      await settle();
      // 40 turns of 10 new keys, each raising an alarm: 400 events (one write each before).
      const t0 = performance.now();
      for (let i = 0; i < N; i++) {
        n.receive({ payload: { deviceId: `bed${i}`, heartRate: 140 } });
        if (i % 10 === 9) await new Promise((r) => setImmediate(r));
      }
      const seconds = (performance.now() - t0) / 1000;
      assert.equal(got.alarms.length, N);
      // One write at once, then at most one a second (a slow machine may take a second or more).
      assert.ok(
        writes.length <= 1 + Math.ceil(seconds),
        `${writes.length} writes while the burst ran (${seconds.toFixed(2)} s)`,
      );
      // Within a second of the last event the state with every alarm is written.
      await new Promise((r) => setTimeout(r, 1100));
      assert.ok(writes.length <= 2 + Math.ceil(seconds), `${writes.length} writes in all`);
      assert.deepEqual(writes.at(-1), { keys: N, active: N });
    });

    it('a report writes nothing', async () => {
      await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'counting' }));
      const got = collect();
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 140 } });
      await new Promise((r) => setTimeout(r, 1100));
      const before = writes.length;
      n.receive({ report: true });
      await new Promise((r) => setTimeout(r, 1100));
      assert.deepEqual(
        got.alarms.map((m) => m.payload.state),
        ['raised', 'active'],
      );
      assert.equal(writes.length, before);
    });

    it('an alarm event is written at the next turn when nothing was written for a second', async () => {
      await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'counting' }));
      const n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 140 } });
      assert.equal(writes.length, 0, 'not within the message');
      await settle();
      assert.deepEqual(writes, [{ keys: 1, active: 1 }]);
    });

    it('on close the latest state is written before close completes, also to a store that writes the file on each set', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threshold-nocache-'));
      try {
        helper.settings({ contextStorage: { file: { module: 'localfilesystem', config: { dir, cache: false } } } });
        await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'file' }));
        const n = helper.getNode('th');
        n.receive({ payload: { deviceId: 'bed1', heartRate: 140 } });
        await settle();
        n.receive({ ack: 'bed1' });
        n.receive({ payload: { deviceId: 'bed2', heartRate: 110 } });
        // No wait: close itself must see the acknowledgement and bed2 to the file.
        await helper._redNodes.stopFlows();
        const files: string[] = [];
        const walk = (d: string) =>
          fs
            .readdirSync(d, { withFileTypes: true })
            .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
        walk(dir);
        const onDisk = files
          .filter((f) => f.endsWith('.json'))
          .map((f) => JSON.parse(fs.readFileSync(f, 'utf8')))
          .find((c) => c.state);
        assert.ok(onDisk, 'state written to the store directory');
        assert.deepEqual(
          onDisk.state.keys.map((k: any) => [k.key, k.severity, k.acked]),
          [
            ['bed1', 'critical', true],
            ['bed2', 'warning', false],
          ],
        );
        await helper._context.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('restart with a persistent (localfilesystem) context store', () => {
    let dir = '';
    let dir2 = '';
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threshold-ctx-'));
      dir2 = fs.mkdtempSync(path.join(os.tmpdir(), 'threshold-ctx2-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(dir2, { recursive: true, force: true });
    });

    /** The helper never opens context plugins; open them as the runtime does at start-up. */
    const openStores = () => helper._context.load();
    const storeSettings = (d: string) => ({
      contextStorage: { file: { module: 'localfilesystem', config: { dir: d, flushInterval: 30 } } },
    });

    it('an active alarm is neither raised again nor lost', async () => {
      fakeClock();
      helper.settings(storeSettings(dir));
      await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'file', renotifySeconds: '60' }));
      let got = collect();
      let n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 135 } });
      n.receive({ payload: { deviceId: 'bed2', heartRate: 110 } });
      await settle();
      n.receive({ ack: 'bed2' });
      await settle();
      assert.deepEqual(short(got.alarms), ['raised critical 135', 'raised warning 110', 'acknowledged warning 110']);

      // Stop as Node-RED does: close the nodes, then the stores (which flushes to disk).
      await helper._redNodes.stopFlows();
      await helper._context.close();
      const files: string[] = [];
      const walk = (d: string) =>
        fs
          .readdirSync(d, { withFileTypes: true })
          .forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : files.push(path.join(d, e.name))));
      walk(dir);
      const onDisk = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8'))).find((c) => c.state);
      assert.ok(onDisk, 'state written to the store directory');
      assert.deepEqual(
        onDisk.state.keys.map((k: any) => [k.key, k.severity, k.acked]),
        [
          ['bed1', 'critical', false],
          ['bed2', 'warning', true],
        ],
      );
      // What a restarted process finds: the files, copied aside before the helper cleans up.
      fs.cpSync(dir, dir2, { recursive: true });
      await helper.unload();

      clock!.tick(30_000);
      helper.settings(storeSettings(dir2));
      await helper.load([thresholdNode, catchNode, openStores], flow({ contextStore: 'file', renotifySeconds: '60' }));
      got = collect();
      n = helper.getNode('th');
      n.receive({ payload: { deviceId: 'bed1', heartRate: 136 } });
      n.receive({ payload: { deviceId: 'bed2', heartRate: 111 } });
      await settle();
      assert.equal(got.alarms.length, 0, 'not raised again');
      assert.deepEqual(
        got.through.map((m) => [m.alarm.severity, m.alarm.since, m.alarm.acked]),
        [
          ['critical', iso(0), false],
          ['warning', iso(0), true],
        ],
      );
      // Re-notification carries on from the saved time; the acknowledged alarm stays quiet.
      await advance(30);
      assert.deepEqual(
        got.alarms.map((m) => `${m.payload.key} ${m.payload.state} ${m.payload.ts}`),
        [`bed1 renotify ${iso(60)}`],
      );
      n.receive({ payload: { deviceId: 'bed1', heartRate: 70 } });
      await settle();
      assert.deepEqual(
        got.alarms.slice(1).map((m) => [m.payload.state, m.payload.severity, m.payload.since]),
        [['cleared', 'critical', iso(0)]],
      );
      await helper._redNodes.stopFlows();
      await helper._context.close();
    });
  });
});
