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

  it('is one tab labelled "Health monitoring" on the dashboard page "Health"', () => {
    assert.equal(one('tab').label, 'Health monitoring');
    assert.deepEqual([one('ui-page').name, one('ui-page').path], ['Health', '/health']);
    assert.ok(one('comment').info.length > 100, 'the comment explains the flow');
  });

  it('subscribes to health/+/vitals at QoS 1 as UTF-8 text on a local broker, client id from HE_MQTT_CLIENT_ID', () => {
    const mqttIn = one('mqtt in');
    assert.equal(mqttIn.topic, 'health/+/vitals');
    assert.equal(mqttIn.qos, '1');
    assert.equal(mqttIn.datatype, 'utf8');
    const broker = one('mqtt-broker');
    assert.equal(mqttIn.broker, broker.id);
    assert.deepEqual([broker.broker, broker.port, broker.clientid, broker.protocolVersion], ['127.0.0.1', '1883', '${HE_MQTT_CLIENT_ID}', '4']);
  });

  it('sends readings to csv-log, the chart and the gauges, and catches errors of both nodes', () => {
    const parse = one('he-vitals-parse');
    const csv = one('he-csv-log');
    const chart = flow.find((n) => n.type === 'ui-chart' && n.yAxisProperty === 'heartRate')!;
    assert.equal(parse.topicSegment, 1);
    assert.ok(parse.wires[0].includes(csv.id) && parse.wires[0].includes(chart.id));
    assert.equal(csv.filename, 'vitals.csv');
    assert.equal(csv.filenameType, 'str');
    assert.equal(csv.injectionGuard, true);
    assert.deepEqual([chart.category, chart.categoryType, chart.yAxisProperty, chart.yAxisPropertyType], ['deviceId', 'property', 'heartRate', 'property']);
    const gauges = byType('ui-gauge');
    assert.ok(gauges.length >= 1 && gauges.every((g) => g.value === 'payload.spo2' && g.valueType === 'msg'));
    const catchNode = one('catch');
    assert.deepEqual([...catchNode.scope].sort(), [csv.id, parse.id, one('he-news2').id, one('he-threshold').id].sort());
    assert.equal(one('ui-base').path, '/dashboard');
    for (const t of ['ui-page', 'ui-theme']) one(t);
    assert.ok(byType('ui-group').length >= 1);
  });

  it('scores NEWS2 and alarms per patient at the band limits: 5 warning (medium), 7 critical (high)', () => {
    const parse = one('he-vitals-parse');
    const news2 = one('he-news2');
    const rule = one('he-threshold');
    assert.ok(parse.wires[0].includes(news2.id));
    assert.ok(news2.wires[0].includes(rule.id));
    assert.deepEqual([news2.scale, news2.combineWindow], ['1', 300]);
    assert.deepEqual([rule.property, rule.propertyType, rule.keyProperty, rule.keyPropertyType, rule.operator], ['payload.news2.total', 'msg', 'payload.deviceId', 'msg', 'above']);
    assert.deepEqual(rule.levels.map((l: any) => [l.severity, l.threshold]), [['warning', '5'], ['critical', '7']]);
    const out = one('mqtt out');
    const topic = flow.find((n) => n.id === rule.wires[0].find((id: string) => flow.find((x) => x.id === id)?.wires[0].includes(out.id)))!;
    assert.equal(topic.type, 'change');
    assert.equal(topic.rules[0].to, '"health/" & payload.key & "/alarm"');
    const notify = one('ui-notification');
    assert.ok(rule.wires[0].some((id: string) => flow.find((x) => x.id === id)!.wires[0].includes(notify.id)));
    assert.equal(notify.ui, one('ui-base').id);
    assert.ok(flow.some((n) => n.type === 'ui-chart' && n.yAxisProperty === 'news2.total'));
    assert.ok(!flow.some((n) => n.type === 'function'), 'no function node');
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
    assert.equal(demo.find((n) => n.type === 'he-csv-log')!.baseDir, '/tmp/data');
    assert.equal(flow.find((n) => n.type === 'he-csv-log')!.baseDir, '', 'the original is left alone');
    const untouched = (f: typeof flow) => f.filter((n) => !['mqtt-broker', 'he-csv-log'].includes(n.type));
    assert.deepEqual(untouched(demo), untouched(flow));
    assert.deepEqual(demoCredentials(flow, 'mqtt://user:s%40cret@10.1.2.3:18830'), { [broker.id]: { user: 'user', password: 's@cret' } });
    assert.deepEqual(demoCredentials(flow, 'mqtt://127.0.0.1:1883'), {});
    const tls = prepareDemoFlow(flow, { brokerUrl: 'mqtts://broker.local', dataDir: 'd' }).find((n) => n.type === 'mqtt-broker')!;
    assert.deepEqual([tls.port, tls.usetls], ['8883', true]);
    assert.throws(() => prepareDemoFlow(flow, { brokerUrl: 'ws://127.0.0.1:9001', dataDir: 'd' }), /mqtt:\/\/ and mqtts:\/\//);
  });
});
