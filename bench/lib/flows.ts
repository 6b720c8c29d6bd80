// The flows the benchmarks and fault tests run, as Node-RED flow JSON.
export type FlowNode = Record<string, unknown> & { id: string; type: string };

/** The columns of the example flow's csv-log (examples/health-monitoring.json). */
export const CSV_COLUMNS =
  'timestamp,deviceId,patientId,heartRate,respiratoryRate,spo2,temperature,systolic,diastolic,meanArterial,glucose,weight,onOxygen,consciousness,dropped';

export interface BrokerConfig {
  host: string;
  port: number;
  /** Fixed client id and cleansession false: the broker keeps the session while Node-RED is away. */
  persistentClientId?: string;
}

export function brokerNode(id: string, b: BrokerConfig): FlowNode {
  return {
    id,
    type: 'mqtt-broker',
    name: 'bench broker',
    broker: b.host,
    port: String(b.port),
    clientid: b.persistentClientId ?? '',
    autoConnect: true,
    usetls: false,
    protocolVersion: '4',
    keepalive: '60',
    cleansession: !b.persistentClientId,
    autoUnsubscribe: !b.persistentClientId,
    birthTopic: '',
    closeTopic: '',
    willTopic: '',
  };
}

export function mqttIn(id: string, z: string, broker: string, topic: string, wires: string[]): FlowNode {
  return {
    id,
    type: 'mqtt in',
    z,
    name: '',
    topic,
    qos: '1',
    datatype: 'utf8',
    broker,
    nl: false,
    rap: true,
    rh: 0,
    inputs: 0,
    wires: [wires],
  };
}

export const tab = (id: string, label: string): FlowNode => ({ id, type: 'tab', label, disabled: false });
export const sink = (id: string, z: string): FlowNode => ({ id, type: 'bench-sink', z, wires: [] });

export const vitalsParse = (id: string, z: string, ok: string[], rejected: string[] = []): FlowNode => ({
  id,
  type: 'he-vitals-parse',
  z,
  name: '',
  topicSegment: 1,
  wires: [ok, rejected],
});
export const news2 = (id: string, z: string, wires: string[]): FlowNode => ({
  id,
  type: 'he-news2',
  z,
  name: '',
  scale: '1',
  combineWindow: 300,
  maxPatients: 1000,
  wires: [wires],
});

/**
 * Alarms on the NEWS2 total per patient: medium at 5, high at 7 (the key thresholds of
 * health.md §3). Output 1: alarm events; output 2: every message, wired on.
 */
export function threshold(id: string, z: string, wires: string[], maxKeys = 1000, alarms: string[] = []): FlowNode {
  return {
    id,
    type: 'he-threshold',
    z,
    name: 'NEWS2',
    ruleName: 'NEWS2',
    property: 'payload.news2.total',
    propertyType: 'msg',
    keyProperty: 'payload.deviceId',
    keyPropertyType: 'msg',
    operator: 'above',
    levels: [
      { severity: 'medium', threshold: '5', hysteresis: '1' },
      { severity: 'high', threshold: '7', hysteresis: '1' },
    ],
    forSeconds: '0',
    forSamples: '0',
    clearForSeconds: '0',
    clearForSamples: '0',
    renotifySeconds: '0',
    maxKeys: String(maxKeys),
    idleSeconds: '0',
    staleSeconds: '0',
    contextStore: '',
    wires: [alarms, wires],
  };
}

/** A csv-log as the editor saves one placed from the palette, with the example flow's columns. */
export const csvLog = (
  id: string,
  z: string,
  dir: string,
  wires: string[],
  extra: Record<string, unknown> = {},
): FlowNode => ({
  id,
  type: 'he-csv-log',
  z,
  name: '',
  baseDir: dir,
  filename: 'vitals.csv',
  filenameType: 'str',
  timeZone: 'local',
  columnMode: 'names',
  columns: CSV_COLUMNS,
  columnDefs: [],
  newFields: 'ignore',
  durability: 'fast',
  flushMs: 1000,
  maxQueueMB: 100,
  maxQueue: '',
  maxSizeMB: 0,
  retentionDays: 0,
  retentionAction: 'delete',
  injectionGuard: true,
  bom: true,
  ...extra,
  wires: [wires],
});

export const catchAll = (id: string, z: string, wires: string[]): FlowNode => ({
  id,
  type: 'catch',
  z,
  name: '',
  scope: null,
  uncaught: false,
  wires: [wires],
});

// What a user writes without the pack: one function node with the same checks as
// vitals-parse (JSON object, plausibility limits, ISO timestamp, device id from the topic),
// the NEWS2 chart of health.md §3 (as nodes/news2/score.ts), and a per-patient alarm at
// total ≥ 5 / ≥ 7 with the same hysteresis as the threshold node above.
export const CORE_FUNCTION = String.raw`
const p = msg.payload;
if (p === null || typeof p !== 'object' || Array.isArray(p)) { node.error('payload is not a JSON object', msg); return null; }
const LIMITS = { heartRate: [20, 300], respiratoryRate: [2, 80], spo2: [50, 100], temperature: [25, 45], systolic: [40, 300], diastolic: [20, 200] };
const out = { timestamp: '', deviceId: String(msg.topic).split('/')[1] || '', patientId: typeof p.patientId === 'string' ? p.patientId : '' };
const dropped = [];
let any = false;
for (const k of Object.keys(LIMITS)) {
  const v = p[k];
  if (v === undefined || v === null) continue;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n) || n < LIMITS[k][0] || n > LIMITS[k][1]) { dropped.push(k); continue; }
  out[k] = n; any = true;
}
if (!any) { node.error('no usable vital sign', msg); return null; }
const t = p.timestamp === undefined ? new Date() : new Date(p.timestamp);
if (isNaN(t.getTime())) { node.error('timestamp is not a time', msg); return null; }
out.timestamp = t.toISOString();
out.onOxygen = p.onOxygen === true;
out.consciousness = typeof p.consciousness === 'string' ? p.consciousness : '';
out.dropped = dropped.join(' ');
const chain = (v, steps, above) => { for (const s of steps) if (v <= s[0]) return s[1]; return above; };
let total = 0;
if (out.respiratoryRate !== undefined) total += chain(out.respiratoryRate, [[8, 3], [11, 1], [20, 0], [24, 2]], 3);
if (out.spo2 !== undefined) total += chain(out.spo2, [[91, 3], [93, 2], [95, 1]], 0);
total += out.onOxygen ? 2 : 0;
if (out.systolic !== undefined) total += chain(out.systolic, [[90, 3], [100, 2], [110, 1], [219, 0]], 3);
if (out.heartRate !== undefined) total += chain(out.heartRate, [[40, 3], [50, 1], [90, 0], [110, 1], [130, 2]], 3);
if (out.consciousness && out.consciousness !== 'A') total += 3;
if (out.temperature !== undefined) total += chain(out.temperature, [[35.0, 3], [36.0, 1], [38.0, 0], [39.0, 1]], 2);
const alarms = context.get('alarms') || {};
const key = out.deviceId;
const was = alarms[key] || '';
// Triggers at the level (inclusive), clears below level − 1, as the threshold node's hysteresis.
const high = total >= 7 || (was === 'high' && total >= 6);
const medium = total >= 5 || (was !== '' && total >= 4);
const now = high ? 'high' : medium ? 'medium' : '';
if (now !== was) { alarms[key] = now; context.set('alarms', alarms); }
out.news2 = total;
msg.payload = out;
return msg;
`;

export function coreCsvNode(id: string, z: string, wires: string[]): FlowNode {
  return {
    id,
    type: 'csv',
    z,
    name: '',
    spec: 'rfc',
    sep: ',',
    hdrin: '',
    hdrout: 'once',
    multi: 'one',
    ret: '\\r\\n',
    temp: CSV_COLUMNS,
    skip: '0',
    strings: true,
    include_empty_strings: '',
    include_null_values: '',
    wires: [wires],
  };
}

export function coreFileNode(id: string, z: string, file: string, wires: string[]): FlowNode {
  return {
    id,
    type: 'file',
    z,
    name: '',
    filename: file,
    filenameType: 'str',
    appendNewline: false,
    createDir: true,
    overwriteFile: 'false',
    encoding: 'none',
    wires: [wires],
  };
}

export type PipelineVariant = 'floor' | 'hops' | 'ours' | 'core';

/** Node-RED's bench-noop (flow-host.ts): sends each message on at once, nothing else. */
export const noop = (id: string, z: string, wires: string[]): FlowNode => ({
  id,
  type: 'bench-noop',
  z,
  name: '',
  wires: [wires],
});

/** mqtt in → … → bench-sink `sink`; CSV (if any) at <dir>/vitals.csv. */
export function pipelineFlow(variant: PipelineVariant, b: BrokerConfig, topic: string, dir: string): FlowNode[] {
  const z = 'bench-tab';
  const nodes: FlowNode[] = [
    tab(z, `pipeline ${variant}`),
    brokerNode('broker', b),
    sink('sink', z),
    sink('caught', z),
    catchAll('catch', z, ['caught']),
  ];
  if (variant === 'floor') {
    nodes.push(mqttIn('in', z, 'broker', topic, ['sink']));
  } else if (variant === 'hops') {
    // As many nodes as ours, each doing nothing: the most any flow of four nodes can reach.
    nodes.push(
      mqttIn('in', z, 'broker', topic, ['n1']),
      noop('n1', z, ['n2']),
      noop('n2', z, ['n3']),
      noop('n3', z, ['n4']),
      noop('n4', z, ['sink']),
    );
  } else if (variant === 'ours') {
    nodes.push(
      mqttIn('in', z, 'broker', topic, ['parse']),
      vitalsParse('parse', z, ['news2']),
      news2('news2', z, ['threshold']),
      threshold('threshold', z, ['csv']),
      csvLog('csv', z, dir, ['sink']),
    );
  } else {
    nodes.push(
      mqttIn('in', z, 'broker', topic, ['json']),
      { id: 'json', type: 'json', z, name: '', property: 'payload', action: 'obj', pretty: false, wires: [['check']] },
      {
        id: 'check',
        type: 'function',
        z,
        name: 'checks + NEWS2 + alarm',
        func: CORE_FUNCTION,
        outputs: 1,
        timeout: 0,
        noerr: 0,
        initialize: '',
        finalize: '',
        libs: [],
        wires: [['csv']],
      },
      coreCsvNode('csv', z, ['file']),
      coreFileNode('file', z, `${dir}/vitals.csv`, ['sink']),
    );
  }
  return nodes;
}

/**
 * A function node that sends global.bench.n messages from global.bench.inputs[kind], in chunks.
 * With `sinkId`, at most `window` messages are in flight (sent, not yet counted by that sink):
 * a steady source, as a broker with a receive window is, rather than a burst that outruns a
 * node with a bounded queue (csv-log would then report overflow, correctly, and the run never ends).
 */
export function generator(
  id: string,
  z: string,
  kind: string,
  wires: string[],
  sinkId?: string,
  window = 5000,
): FlowNode {
  const func = `
const b = global.get('bench');
const list = b.inputs[${JSON.stringify(kind)}];
const topics = b.topics;
const n = b.n;
const seen = ${sinkId ? `() => global.get('benchSeen')(${JSON.stringify(sinkId)})` : '() => 0'};
const windowSize = ${sinkId ? window : 'Infinity'};
const base = seen();
let i = 0;
function chunk() {
  const room = windowSize - (i - (seen() - base));
  const end = Math.min(i + Math.min(1000, room), n);
  // cloneMsg false: each message is new here, and a clone would be charged to the node under test.
  // An object payload is copied (shallow): each message has a payload of its own, as mqtt in or
  // vitals-parse gives it, young and dying with the message. Sending the same 1000 objects again
  // and again made a node that sets a key on its payload (news2) store into long-lived objects
  // and keep each result alive for 1000 messages: 1.4 µs a message there, 0.45 on fresh readings.
  for (; i < end; i++) {
    const p = list[i % list.length];
    node.send({ topic: topics[i % topics.length], payload: typeof p === 'object' && p !== null ? Object.assign({}, p) : p }, false);
  }
  if (i < n) setTimeout(chunk, 0);
}
chunk();
return null;`;
  return {
    id,
    type: 'function',
    z,
    name: `generator ${kind}`,
    func,
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    wires: [wires],
  };
}

/**
 * A function node that sends global.bench.keyN messages, each for a device of its own
 * (dev-0 … dev-<keyN-1>), with a NEWS2 total that puts one device in 1,000 in alarm.
 * (bench/threshold-alarms.ts is the one that puts every key in alarm.)
 */
export function keyedGenerator(id: string, z: string, wires: string[]): FlowNode {
  const func = `
const n = global.get('bench').keyN;
let i = 0;
function chunk() {
  const end = Math.min(i + 1000, n);
  for (; i < end; i++) node.send({ topic: 'k', payload: { deviceId: 'dev-' + i, news2: { total: i % 1000 === 0 ? 7 : i % 5 } } }, false);
  if (i < n) setTimeout(chunk, 0);
}
chunk();
return null;`;
  return {
    id,
    type: 'function',
    z,
    name: 'generator keys',
    func,
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    wires: [wires],
  };
}
