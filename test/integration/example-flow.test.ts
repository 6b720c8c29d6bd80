// The example file as users import it, and what the demo changes in it.
import assert from 'node:assert/strict';
import { readExample, withoutDashboard } from './flow-fixture';
import { demoCredentials, prepareDemoFlow } from '../../scripts/demo-flow';

describe('examples/health-monitoring.json', () => {
  const flow = readExample();
  const byType = (t: string) => flow.filter((n) => n.type === t);
  const one = (t: string) => {
    const found = byType(t);
    assert.equal(found.length, 1, `one ${t}`);
    return found[0];
  };

  it('is one tab labelled "Health monitoring" whose wires all lead to nodes of the flow', () => {
    const tab = one('tab');
    assert.equal(tab.label, 'Health monitoring');
    const ids = new Set(flow.map((n) => n.id));
    assert.equal(ids.size, flow.length, 'ids are unique');
    for (const n of flow) {
      if ('z' in n) assert.equal(n.z, tab.id, `${n.id} on the tab`);
      if ('x' in n) assert.ok(typeof n.x === 'number' && typeof n.y === 'number', `${n.id} has a position`);
      for (const out of n.wires ?? []) for (const id of out) assert.ok(ids.has(id), `${n.id} → ${id}`);
    }
    assert.ok(one('comment').info.length > 100, 'the comment explains the flow');
  });

  it('subscribes to health/+/vitals at QoS 1 as UTF-8 text on a local broker without a fixed client id', () => {
    const mqttIn = one('mqtt in');
    assert.equal(mqttIn.topic, 'health/+/vitals');
    assert.equal(mqttIn.qos, '1');
    assert.equal(mqttIn.datatype, 'utf8');
    const broker = one('mqtt-broker');
    assert.equal(mqttIn.broker, broker.id);
    assert.deepEqual([broker.broker, broker.port, broker.clientid, broker.protocolVersion], ['127.0.0.1', '1883', '', '4']);
  });

  it('sends readings to csv-log, the chart and the gauges, and catches errors of both nodes', () => {
    const parse = one('vitals-parse');
    const csv = one('csv-log');
    const chart = one('ui-chart');
    assert.equal(parse.topicSegment, 1);
    assert.ok(parse.wires[0].includes(csv.id) && parse.wires[0].includes(chart.id));
    assert.equal(csv.filename, 'vitals.csv');
    assert.equal(csv.filenameType, 'str');
    assert.equal(csv.injectionGuard, true);
    assert.deepEqual([chart.category, chart.categoryType, chart.yAxisProperty, chart.yAxisPropertyType], ['deviceId', 'property', 'heartRate', 'property']);
    const gauges = byType('ui-gauge');
    assert.ok(gauges.length >= 1 && gauges.every((g) => g.value === 'payload.spo2' && g.valueType === 'msg'));
    const catchNode = one('catch');
    assert.deepEqual([...catchNode.scope].sort(), [csv.id, parse.id].sort());
    assert.equal(one('ui-base').path, '/dashboard');
    for (const t of ['ui-page', 'ui-theme']) one(t);
    assert.ok(byType('ui-group').length >= 1);
  });

  it('loses only dashboard nodes and their wires in the test variant', () => {
    const trimmed = withoutDashboard(flow);
    assert.ok(trimmed.every((n) => !n.type.startsWith('ui-')));
    assert.equal(trimmed.length, flow.filter((n) => !n.type.startsWith('ui-')).length);
    const ids = new Set(trimmed.map((n) => n.id));
    for (const n of trimmed) for (const out of n.wires ?? []) for (const id of out) assert.ok(ids.has(id));
  });

  it('is pointed by the demo at the chosen broker and DATA_DIR, without changing the rest', () => {
    const demo = prepareDemoFlow(flow, { brokerUrl: 'mqtt://user:s%40cret@10.1.2.3:18830', dataDir: '/tmp/data' });
    const broker = demo.find((n) => n.type === 'mqtt-broker')!;
    assert.deepEqual([broker.broker, broker.port, broker.usetls], ['10.1.2.3', '18830', false]);
    assert.equal(demo.find((n) => n.type === 'csv-log')!.baseDir, '/tmp/data');
    assert.equal(flow.find((n) => n.type === 'csv-log')!.baseDir, '', 'the original is left alone');
    const untouched = (f: typeof flow) => f.filter((n) => !['mqtt-broker', 'csv-log'].includes(n.type));
    assert.deepEqual(untouched(demo), untouched(flow));
    assert.deepEqual(demoCredentials(flow, 'mqtt://user:s%40cret@10.1.2.3:18830'), { [broker.id]: { user: 'user', password: 's@cret' } });
    assert.deepEqual(demoCredentials(flow, 'mqtt://127.0.0.1:1883'), {});
    const tls = prepareDemoFlow(flow, { brokerUrl: 'mqtts://broker.local', dataDir: 'd' }).find((n) => n.type === 'mqtt-broker')!;
    assert.deepEqual([tls.port, tls.usetls], ['8883', true]);
    assert.throws(() => prepareDemoFlow(flow, { brokerUrl: 'ws://127.0.0.1:9001', dataDir: 'd' }), /mqtt:\/\/ and mqtts:\/\//);
  });
});
