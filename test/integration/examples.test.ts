// Every example flow as users import it: known node types, wires and references that lead
// somewhere, shared config nodes that are the same in each file, and the demo's merge of them all.
import assert from 'node:assert/strict';
import { csvLogColumns, exampleNames, FlowNode, knownTypes, readExample, withoutDashboard } from './flow-fixture';
import { mergeFlows, plugRuleOverrides, prepareDemoFlow } from '../../scripts/demo-flow';

/** Properties that name another node, by node type. */
const REFERENCES: Record<string, string[]> = {
  'mqtt in': ['broker'],
  'mqtt out': ['broker'],
  'ui-page': ['ui', 'theme'],
  'ui-group': ['page'],
  'ui-notification': ['ui'],
  'ui-event': ['ui'],
  'he-ward-board': ['group'],
};

describe('examples/*.json (every example)', () => {
  const names = exampleNames();
  const types = knownTypes();

  it('are the five examples: ble-gateway, energy-efficiency, health-history, health-monitoring, smart-plugs', () => {
    assert.deepEqual(names, ['ble-gateway', 'energy-efficiency', 'health-history', 'health-monitoring', 'smart-plugs']);
  });

  it('know where to find the types they use (sanity check of the type lists)', () => {
    for (const t of [
      'he-vitals-parse',
      'he-news2',
      'he-threshold',
      'he-energy-probe',
      'he-energy-meter',
      'he-csv-log',
      'he-history',
    ])
      assert.ok(types.ours.has(t), t);
    for (const t of [
      'mqtt in',
      'mqtt out',
      'mqtt-broker',
      'change',
      'switch',
      'inject',
      'split',
      'catch',
      'debug',
      'comment',
      'tab',
    ])
      assert.ok(types.core.has(t), t);
    for (const t of [
      'ui-base',
      'ui-page',
      'ui-group',
      'ui-chart',
      'ui-gauge',
      'ui-notification',
      'ui-switch',
      'ui-text',
      'ui-table',
      'ui-event',
      'ui-dropdown',
      'ui-button',
    ])
      assert.ok(types.dashboard.has(t), t);
    assert.ok(!types.core.has('ui-chart') && !types.dashboard.has('function-that-does-not-exist'));
    assert.deepEqual([...types.widgets], ['he-ward-board']);
  });

  for (const name of names) {
    describe(name, () => {
      const flow = readExample(name);
      const ids = new Map(flow.map((n) => [n.id, n]));
      const tabs = flow.filter((n) => n.type === 'tab');

      it('is one tab whose nodes all have known types and unique ids', () => {
        assert.equal(tabs.length, 1);
        assert.equal(ids.size, flow.length, 'ids are unique');
        for (const n of flow) {
          const t = n.type;
          if (t.startsWith('ui-')) assert.ok(types.dashboard.has(t), `${n.id}: ${t} is not a Dashboard 2.0 type`);
          else assert.ok(types.ours.has(t) || types.core.has(t) || types.widgets.has(t), `${n.id}: unknown type ${t}`);
        }
      });

      it('has wires, scopes and config references that all lead to nodes of the flow', () => {
        for (const n of flow) {
          if ('z' in n) assert.equal(n.z, tabs[0].id, `${n.id} on the tab`);
          if ('x' in n) assert.ok(typeof n.x === 'number' && typeof n.y === 'number', `${n.id} has a position`);
          for (const out of n.wires ?? []) {
            for (const id of out) {
              assert.ok(ids.has(id), `${n.id} → ${id}: no such node`);
              assert.equal(ids.get(id)!.z, n.z, `${n.id} → ${id} crosses tabs`);
            }
          }
          if (n.type === 'switch') assert.equal(n.wires.length, n.rules.length, `${n.id}: one output per rule`);
          if (n.type === 'he-threshold') assert.equal(n.wires.length, 2, `${n.id}: two outputs`);
          if (n.type === 'catch') for (const id of n.scope) assert.ok(ids.has(id), `${n.id} scope → ${id}`);
          if ((n.type.startsWith('ui-') || types.widgets.has(n.type)) && 'group' in n)
            assert.equal(ids.get(n.group)?.type, 'ui-group', `${n.id}: group`);
          for (const prop of REFERENCES[n.type] ?? []) assert.ok(ids.has(n[prop]), `${n.id}.${prop} → ${n[prop]}`);
        }
      });

      it('explains itself in comments (one per part of the tab) and has a Catch node', () => {
        const comments = flow.filter((n) => n.type === 'comment');
        assert.ok(comments.length >= 1);
        for (const c of comments) assert.ok(c.info.length > 300, `${c.id} explains its part of the flow`);
        assert.ok(flow.some((n) => n.type === 'catch' && n.scope.length >= 2));
      });

      it('publishes only at QoS 1 to the shared local broker, with topics from the message', () => {
        for (const n of flow.filter((x) => x.type === 'mqtt out' || x.type === 'mqtt in')) {
          assert.equal(n.qos, '1', n.id);
          assert.equal(n.broker, 'he-broker', n.id);
          if (n.type === 'mqtt out')
            assert.deepEqual([n.topic, n.retain], ['', 'false'], `${n.id}: topic comes from msg.topic`);
          if (n.type === 'mqtt in') {
            for (const level of n.topic.split('/'))
              assert.ok(
                ['+', '#'].includes(level) || !/[+#]/.test(level),
                `${n.id}: a wildcard in ${n.topic} takes a whole level`,
              );
          }
        }
      });

      it("feeds no Dashboard 2.0 chart per reading: a chart's messages start at a person's action, a clock, a ward board's series or energy-probe's sample, and replace what it holds", () => {
        // Back from a node through the nodes that pass a message on (switch, change, and a
        // history node: one answer per query) to where its messages start.
        const feeders = (id: string): { node: FlowNode; port: number }[] =>
          flow.flatMap((n) =>
            (n.wires ?? []).flatMap((out: string[], port: number) => (out.includes(id) ? [{ node: n, port }] : [])),
          );
        const PASSING = new Set(['switch', 'change', 'he-history']);
        const origins = (id: string, seen = new Set<string>()): string[] =>
          feeders(id).flatMap(({ node, port }) => {
            if (!PASSING.has(node.type)) return [`${node.type}:${port}`];
            if (seen.has(node.id)) return [];
            seen.add(node.id);
            return origins(node.id, seen);
          });
        // A ward board's output 2 sends on a pick and at most every 10 s while a key stays
        // picked; energy-probe's sample carries today's top ten programs (one bounded list per
        // sample, whatever the length of the run); the others are a page view, a choice in a
        // dropdown, a button, a timer.
        const ALLOWED = [
          'he-ward-board:1',
          'he-energy-probe:0',
          'ui-event:0',
          'ui-dropdown:0',
          'ui-button:0',
          'inject:0',
        ];
        for (const n of flow.filter((x) => x.type === 'ui-chart' || x.type === 'he-history')) {
          const from = [...new Set(origins(n.id))];
          assert.ok(from.length > 0, `${n.id} is fed`);
          for (const o of from) assert.ok(ALLOWED.includes(o), `${n.id} is fed by ${o}`);
          if (from.includes('he-energy-probe:0')) assert.equal(n.chartType, 'bar', `${n.id}: today's list, as bars`);
          if (n.type === 'ui-chart')
            assert.equal(n.action, 'replace', `${n.id}: each message replaces what the chart holds`);
        }
        for (const n of flow.filter((x) => x.type === 'inject' && origins(x.id).length === 0 && x.repeat !== ''))
          assert.ok(Number(n.repeat) >= 60, `${n.id} repeats at most once a minute`);
      });

      it('reads its history from files a csv-log of the examples writes (same folder and name, its key and time columns)', () => {
        // health-history reads the vitals.csv that health-monitoring's csv-log writes.
        const logs = names.flatMap((other) => readExample(other).filter((n) => n.type === 'he-csv-log'));
        for (const h of flow.filter((n) => n.type === 'he-history')) {
          const log = logs.find((l) => l.filename === h.filename && l.baseDir === h.baseDir);
          assert.ok(log, `${h.id} reads ${h.filename}, which no csv-log of the examples writes`);
          const columns = csvLogColumns(log);
          assert.ok(columns.includes(h.keyColumn) && columns.includes(h.timeColumn), `${h.id}: key and time columns`);
        }
      });

      it('keeps its non-dashboard wiring intact in the test variant', () => {
        const trimmed = withoutDashboard(flow);
        assert.ok(trimmed.every((n) => !n.type.startsWith('ui-') && !types.widgets.has(n.type)));
        const left = new Set(trimmed.map((n) => n.id));
        for (const n of trimmed) for (const out of n.wires ?? []) for (const id of out) assert.ok(left.has(id));
      });
    });
  }

  it('share the broker, dashboard base and theme, identical in each file, and have one page each', () => {
    const flows = names.map((n) => readExample(n));
    for (const id of ['he-broker', 'he-ui-base', 'he-ui-theme']) {
      const copies = flows.map((f) => f.find((n) => n.id === id));
      assert.ok(copies.every(Boolean), `${id} in every example`);
      for (const c of copies) assert.deepEqual(c, copies[0], `${id} is the same everywhere`);
    }
    const pages = flows.map((f) => f.filter((n) => n.type === 'ui-page'));
    assert.ok(pages.every((p) => p.length === 1));
    assert.deepEqual(
      pages.map((p) => [p[0].name, p[0].path, p[0].order]).sort((a, b) => a[2] - b[2]),
      [
        ['Health', '/health', 1],
        ['Energy', '/energy', 2],
        ['Plugs', '/plugs', 3],
        ['BLE', '/ble', 4],
        ['History', '/history', 5],
      ],
    );
    assert.equal(flows[0].find((n) => n.type === 'ui-base')!.path, '/dashboard');
    // Nothing else is shared: an id in two files is one of the three shared nodes.
    const seen = new Map<string, string>();
    for (const [i, f] of flows.entries()) {
      for (const n of f) {
        const other = seen.get(n.id);
        assert.ok(
          !other || ['he-broker', 'he-ui-base', 'he-ui-theme'].includes(n.id),
          `${n.id} is in ${other} and ${names[i]}`,
        );
        seen.set(n.id, names[i]);
      }
    }
  });

  it('share a broker node that keeps its session across a restart or a deploy, under a client id of each host', () => {
    const broker = readExample(names[0]).find((n) => n.id === 'he-broker')!;
    assert.equal(broker.type, 'mqtt-broker');
    // Node-RED substitutes the variable only when the property is exactly ${NAME}.
    assert.equal(broker.clientid, '${HE_MQTT_CLIENT_ID}');
    assert.equal(broker.cleansession, false, 'the broker keeps the session while Node-RED is away');
    assert.equal(broker.autoUnsubscribe, false, 'a stop or a deploy does not remove the subscriptions');
    assert.equal(broker.protocolVersion, '4');
    for (const name of names) {
      const flow = readExample(name);
      assert.deepEqual(
        flow.filter((n) => n.type === 'mqtt-broker').map((n) => n.id),
        ['he-broker'],
        `${name}: one broker node, the shared one`,
      );
      for (const n of flow.filter((x) => x.type === 'mqtt in'))
        assert.equal(n.qos, '1', `${name}: ${n.id} subscribes at QoS 1`);
    }
  });

  it('merge into one demo flow: shared nodes once, a conflicting copy refused', () => {
    const parts = names.map((name) => ({ name, flow: readExample(name) }));
    const merged = mergeFlows(parts);
    const total = parts.reduce((s, p) => s + p.flow.length, 0);
    assert.equal(merged.length, total - (names.length - 1) * 3, 'the three shared nodes are kept once');
    assert.equal(new Set(merged.map((n) => n.id)).size, merged.length);
    assert.deepEqual(
      merged
        .filter((n) => n.type === 'tab')
        .map((n) => n.label)
        .sort(),
      ['BLE gateway', 'Energy efficiency', 'Health history', 'Health monitoring', 'Smart plugs'],
    );
    const changed = readExample(names[1]).map((n) => (n.id === 'he-broker' ? { ...n, port: '1884' } : n));
    assert.throws(
      () => mergeFlows([parts[0], { name: 'changed.json', flow: changed }]),
      /changed\.json and ble-gateway both have a node "he-broker" but they differ/,
    );

    const demo = prepareDemoFlow(merged, {
      brokerUrl: 'mqtt://127.0.0.1:18830',
      dataDir: '/tmp/d',
      overrides: plugRuleOverrides(merged, 144),
    });
    const csvLogs = parts.flatMap((p) => p.flow.filter((n) => n.type === 'he-csv-log'));
    assert.equal(csvLogs.length, names.length, 'every example logs to CSV');
    assert.deepEqual(
      demo.filter((n) => n.type === 'he-csv-log').map((n) => n.baseDir),
      csvLogs.map(() => '/tmp/d'),
    );
    const histories = demo.filter((n) => n.type === 'he-history');
    assert.ok(histories.length >= 4, 'the Energy and Plugs pages read their history');
    assert.ok(
      histories.every((n) => n.baseDir === '/tmp/d'),
      'history reads where csv-log writes',
    );
    assert.deepEqual(
      demo.filter((n) => n.type === 'mqtt-broker').map((n) => n.port),
      ['18830'],
    );
    const rule = demo.find((n) => n.id === 'sp-standby')!;
    assert.deepEqual(
      [rule.forSeconds, rule.renotifySeconds],
      ['50', '13'],
      '7200 s and 1800 s on a clock 144 times faster',
    );
    assert.equal(merged.find((n) => n.id === 'sp-standby')!.forSeconds, '7200', 'the example is left alone');
    assert.deepEqual(plugRuleOverrides(merged, 1), {}, 'real time: nothing to scale');
  });
});
