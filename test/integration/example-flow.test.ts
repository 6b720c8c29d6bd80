// The example file as users import it, and what the demo changes in it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { FlowNode, isDashboardNode, readExample, withoutDashboard } from './flow-fixture';
import { demoCredentials, healthStaleOverrides, prepareDemoFlow } from '../../scripts/demo-flow';

/** The ward board's settings module from its own build (ward-board/dist): its presets and how it reads a node's settings. */
const boardSettings = require(
  path.resolve(__dirname, '..', '..', '..', 'ward-board', 'dist', 'nodes', 'ward-board', 'settings.js'),
) as {
  HEALTH_FIELDS: object[];
  PLUG_FIELDS: object[];
  readSettings(
    config: object,
    validPath: (p: string) => boolean,
  ): { settings: { series: { label: string }[] }; errors: string[] };
};

describe('examples/health-monitoring.json', () => {
  const flow = readExample();
  const byId = (id: string) => flow.find((n) => n.id === id)!;
  const byType = (t: string) => flow.filter((n) => n.type === t);
  const one = (t: string) => {
    const found = byType(t);
    assert.equal(found.length, 1, `one ${t}`);
    return found[0];
  };
  /** The nodes wired to output `port` of a node. */
  const out = (n: FlowNode, port = 0) => (n.wires[port] as string[]).map(byId);
  /** The nodes with a wire into `id`, with the output it leaves by. */
  const into = (id: string) =>
    flow.flatMap((n) =>
      (n.wires ?? []).flatMap((ids: string[], port: number) => (ids.includes(id) ? [{ node: n, port }] : [])),
    );

  it('is one tab labelled "Health monitoring" on the dashboard page "Health"', () => {
    assert.equal(one('tab').label, 'Health monitoring');
    assert.deepEqual([one('ui-page').name, one('ui-page').path], ['Health', '/health']);
    assert.ok(byId('hm-comment').info.length > 100, 'the comment explains the flow');
  });

  it('subscribes to health/+/vitals at QoS 1 as UTF-8 text on a local broker, client id from HE_MQTT_CLIENT_ID', () => {
    const mqttIn = byId('hm-mqtt-in');
    assert.equal(mqttIn.topic, 'health/+/vitals');
    assert.equal(mqttIn.qos, '1');
    assert.equal(mqttIn.datatype, 'utf8');
    const broker = one('mqtt-broker');
    assert.equal(mqttIn.broker, broker.id);
    assert.deepEqual(
      [broker.broker, broker.port, broker.clientid, broker.protocolVersion],
      ['127.0.0.1', '1883', '${HE_MQTT_CLIENT_ID}', '4'],
    );
  });

  it('scores each reading, then logs it with its NEWS2 total and band, and catches the errors of every node of the pipeline, the board and the history', () => {
    const parse = byId('hm-parse');
    const csv = one('he-csv-log');
    const news2 = one('he-news2');
    assert.equal(parse.topicSegment, 1);
    assert.deepEqual(parse.wires[0], [news2.id]);
    assert.deepEqual(news2.wires, [[one('he-threshold').id, csv.id]], 'the alarm first, the log beside it');
    assert.deepEqual(
      out(parse, 1).map((n) => n.type),
      ['debug'],
      'rejected messages to a debug node',
    );
    // A typed column list: the reading's own fields, then the score read from payload.news2.
    assert.equal(csv.columnMode, 'typed');
    assert.deepEqual(
      csv.columnDefs.map((d: any) => [d.name, d.type, d.value]),
      [
        ...'timestamp,deviceId,patientId,heartRate,respiratoryRate,spo2,temperature,systolic,diastolic,meanArterial,glucose,weight,onOxygen,consciousness,dropped'
          .split(',')
          .map((c) => [c, 'msg', `payload.${c}`]),
        ['news2Total', 'msg', 'payload.news2.total'],
        ['news2Band', 'msg', 'payload.news2.band'],
      ],
    );
    assert.equal(csv.filename, 'vitals.csv');
    assert.equal(csv.filenameType, 'str');
    assert.equal(csv.injectionGuard, true);
    const catchNode = one('catch');
    assert.deepEqual(
      [...catchNode.scope].sort(),
      [
        csv.id,
        parse.id,
        'hm-health-data-parse',
        news2.id,
        one('he-threshold').id,
        one('he-ward-board').id,
        one('he-history').id,
      ].sort(),
    );
    assert.deepEqual(
      out(catchNode)
        .map((n) => n.type)
        .sort(),
      ['debug', 'ui-text'],
    );
    assert.equal(one('ui-base').path, '/dashboard');
    for (const t of ['ui-page', 'ui-theme']) one(t);
  });

  it('takes health_data too: its own vitals-parse, the device id from HEALTH_DATA_DEVICE_ID when the message has none, into the same log and score', () => {
    const mqttIn = byId('hm-health-data-in');
    assert.deepEqual(
      [mqttIn.topic, mqttIn.qos, mqttIn.datatype, mqttIn.broker],
      ['health_data', '1', 'utf8', 'he-broker'],
    );
    const parse = byId('hm-health-data-parse');
    assert.deepEqual(mqttIn.wires, [[parse.id]]);
    assert.equal(parse.type, 'he-vitals-parse');
    assert.deepEqual([parse.fallbackDeviceId, parse.fallbackDeviceIdType], ['HEALTH_DATA_DEVICE_ID', 'env']);
    assert.deepEqual(
      parse.wires,
      byId('hm-parse').wires,
      'to news2 (and csv-log after it), rejected to the same debug node',
    );
    assert.deepEqual(parse.limits, byId('hm-parse').limits);
    assert.ok(byId('hm-health-data-comment').info.includes('HEALTH_DATA_DEVICE_ID'));
  });

  it('scores NEWS2 and alarms per patient at the band limits: 5 warning (medium), 7 critical (high), reported again at start', () => {
    const news2 = one('he-news2');
    const rule = one('he-threshold');
    assert.deepEqual(news2.wires, [[rule.id, one('he-csv-log').id]]);
    assert.deepEqual([news2.scale, news2.combineWindow], ['1', 300]);
    assert.deepEqual(
      [rule.property, rule.propertyType, rule.keyProperty, rule.keyPropertyType, rule.operator],
      ['payload.news2.total', 'msg', 'payload.deviceId', 'msg', 'above'],
    );
    assert.deepEqual(
      rule.levels.map((l: any) => [l.severity, l.threshold]),
      [
        ['warning', '5'],
        ['critical', '7'],
      ],
    );
    assert.deepEqual([rule.forSamples, rule.clearForSamples, rule.staleSeconds], ['2', '3', '120']);
    assert.equal(
      rule.reportAtStart,
      true,
      'active alarms reported at start, so the board gets them back after a restart',
    );
    assert.equal(rule.contextStore, '', 'the default store: persistent when settings.js makes it so');
  });

  it('publishes every alarm event to health/<id>/alarm, and notifies the changes, not the reports of active alarms', () => {
    const rule = one('he-threshold');
    const mqttOut = one('mqtt out');
    const topic = out(rule).find((n) => n.type === 'change' && n.wires[0].includes(mqttOut.id))!;
    assert.equal(topic.rules[0].to, '"health/" & payload.key & "/alarm"');
    const changes = out(rule).find((n) => n.type === 'switch')!;
    assert.deepEqual([changes.property, changes.rules], ['payload.state', [{ t: 'neq', v: 'active', vt: 'str' }]]);
    const text = out(changes)[0];
    const notify = one('ui-notification');
    assert.deepEqual([text.type, text.wires], ['change', [[notify.id]]]);
    assert.equal(notify.ui, one('ui-base').id);
  });

  it('shows every patient on the ward board: readings (threshold output 2) and alarm events (output 1) in, Acknowledge back to the threshold', () => {
    const rule = one('he-threshold');
    const board = one('he-ward-board');
    assert.ok(rule.wires[0].includes(board.id), 'alarm events to the board');
    assert.deepEqual(rule.wires[1], [board.id], 'every checked reading to the board');
    assert.deepEqual(board.wires[0], [rule.id], 'Acknowledge into the threshold');
    assert.deepEqual(
      into(board.id)
        .map((w) => [w.node.id, w.port])
        .sort(),
      [
        [rule.id, 0],
        [rule.id, 1],
      ],
    );
    // The widget's Health preset, as its editor writes it.
    assert.deepEqual(board.fields, boardSettings.HEALTH_FIELDS);
    assert.deepEqual(
      [board.key, board.score, board.scoreLabel, board.time],
      ['payload.deviceId', 'payload.news2', 'NEWS2', 'payload.timestamp'],
    );
    assert.equal(byId(board.group).type, 'ui-group');
    assert.equal(byId(byId(board.group).page).name, 'Health');
    assert.deepEqual(boardSettings.readSettings(board, () => true).errors, []);
  });

  it("charts only the picked patient: the board's last hour, after the CSV's 24 h read by history on a pick or a page view", () => {
    const board = one('he-ward-board');
    const history = one('he-history');
    assert.deepEqual(
      out(board, 1).map((n) => [n.id, n.type]),
      [
        ['hm-hist-merge', 'change'],
        ['hm-hist-remember', 'change'],
      ],
    );
    const merge = byId('hm-hist-merge');
    const split = out(merge);
    assert.deepEqual(
      split.map((n) => [n.type, n.property]),
      [['switch', 'topic']],
    );
    // The switch's topics are the series the board sends: the score's, then each field kept as a trend.
    const labels = boardSettings.readSettings(board, () => true).settings.series.map((s) => s.label);
    assert.deepEqual(labels, ['NEWS2', 'HR']);
    assert.deepEqual(
      split[0].rules.map((r: any) => [r.t, r.v]),
      labels.map((l) => ['eq', l]),
    );
    const charts = split[0].wires.map((ids: string[]) => ids.map(byId));
    assert.deepEqual(
      charts.map((c: FlowNode[]) => c.map((n) => n.type)),
      [['ui-chart'], ['ui-chart']],
    );
    assert.deepEqual(
      byType('ui-chart')
        .map((c) => c.id)
        .sort(),
      charts
        .flat()
        .map((c: FlowNode) => c.id)
        .sort(),
      'no other chart',
    );
    // history reads the file csv-log writes, in the same folder, and is asked from two places only.
    const csv = one('he-csv-log');
    assert.deepEqual(
      [history.baseDir, history.filename, history.keyColumn, history.timeColumn],
      [csv.baseDir, csv.filename, 'deviceId', 'timestamp'],
    );
    assert.deepEqual(
      into(history.id).map((w) => w.node.id),
      ['hm-hist-query'],
    );
    assert.deepEqual(
      into('hm-hist-query')
        .map((w) => w.node.id)
        .sort(),
      ['hm-hist-due', 'hm-hist-onpage'],
    );
    assert.deepEqual(out(byId('hm-hist-remember')), [byId('hm-hist-due')]);
    assert.deepEqual(out(byId('hm-hist-event')), [byId('hm-hist-onpage')]);
    assert.deepEqual(out(history), [byId('hm-hist-store')]);
    assert.deepEqual(
      out(byId('hm-hist-store')).map((n) => out(n).map((c) => c.id)),
      [['hm-chart-news2'], ['hm-chart-hr']],
    );
    for (const [chart] of charts) {
      // The series name is the patient (msg.key); each point's time and value come from the point.
      assert.deepEqual(
        [chart.category, chart.categoryType, chart.xAxisProperty, chart.xAxisPropertyType, chart.xAxisType],
        ['key', 'msg', 'x', 'property', 'time'],
      );
      assert.equal(chart.yAxisPropertyType, 'property');
      assert.equal(chart.action, 'replace');
      assert.deepEqual(
        [Number(chart.removeOlder) * Number(chart.removeOlderUnit)],
        [25 * 3600],
        `${chart.id} keeps a day and an hour`,
      );
    }
    assert.deepEqual(
      charts.map(([c]: FlowNode[]) => c.yAxisProperty),
      ['max', 'y'],
      'NEWS2: the highest of each minute, as the sparkline; heart rate: the last',
    );
  });

  it('has no per-patient widgets left: no gauges, no "last alarm" text, no function node', () => {
    assert.deepEqual(byType('ui-gauge'), []);
    assert.deepEqual(
      byType('ui-text').map((n) => n.label),
      ['Last rejected message'],
    );
    assert.ok(!flow.some((n) => n.type === 'function'), 'no function node');
    assert.deepEqual(
      byType('ui-group')
        .map((g) => g.order)
        .sort(),
      [1, 2, 3],
    );
  });

  it("loses only dashboard nodes (Dashboard 2.0's and the ward board) and their wires in the test variant", () => {
    const trimmed = withoutDashboard(flow);
    assert.ok(trimmed.every((n) => !isDashboardNode(n)));
    assert.equal(trimmed.length, flow.filter((n) => !n.type.startsWith('ui-') && n.type !== 'he-ward-board').length);
    const ids = new Set(trimmed.map((n) => n.id));
    for (const n of trimmed) for (const o of n.wires ?? []) for (const id of o) assert.ok(ids.has(id));
  });

  it('is pointed by the demo at the chosen broker and DATA_DIR, without changing the rest', () => {
    const demo = prepareDemoFlow(flow, { brokerUrl: 'mqtt://user:s%40cret@10.1.2.3:18830', dataDir: '/tmp/data' });
    const broker = demo.find((n) => n.type === 'mqtt-broker')!;
    assert.deepEqual([broker.broker, broker.port, broker.usetls], ['10.1.2.3', '18830', false]);
    assert.equal(demo.find((n) => n.type === 'he-csv-log')!.baseDir, '/tmp/data');
    assert.equal(flow.find((n) => n.type === 'he-csv-log')!.baseDir, '', 'the original is left alone');
    assert.equal(demo.find((n) => n.type === 'he-history')!.baseDir, '/tmp/data', 'history reads where csv-log writes');
    const untouched = (f: typeof flow) =>
      f.filter((n) => !['mqtt-broker', 'he-csv-log', 'he-history'].includes(n.type));
    assert.deepEqual(untouched(demo), untouched(flow));
    assert.deepEqual(demoCredentials(flow, 'mqtt://user:s%40cret@10.1.2.3:18830'), {
      [broker.id]: { user: 'user', password: 's@cret' },
    });
    assert.deepEqual(demoCredentials(flow, 'mqtt://127.0.0.1:1883'), {});
    const tls = prepareDemoFlow(flow, { brokerUrl: 'mqtts://broker.local', dataDir: 'd' }).find(
      (n) => n.type === 'mqtt-broker',
    )!;
    assert.deepEqual([tls.port, tls.usetls], ['8883', true]);
    assert.throws(
      () => prepareDemoFlow(flow, { brokerUrl: 'ws://127.0.0.1:9001', dataDir: 'd' }),
      /mqtt:\/\/ and mqtts:\/\//,
    );
  });

  it('gets a shorter stale time from the demo when DEMO_STALE_S asks for one, the file left alone', () => {
    assert.deepEqual(healthStaleOverrides(flow, 5), { 'hm-news2-alarm': { staleSeconds: '5' } });
    assert.deepEqual(healthStaleOverrides(flow, undefined), {});
    const demo = prepareDemoFlow(flow, {
      brokerUrl: 'mqtt://127.0.0.1:1883',
      dataDir: 'd',
      overrides: healthStaleOverrides(flow, 5),
    });
    assert.equal(demo.find((n) => n.id === 'hm-news2-alarm')!.staleSeconds, '5');
    assert.equal(byId('hm-news2-alarm').staleSeconds, '120');
  });
});
