// The health-monitoring example's own nodes as one pipeline, for fault tests that run it in a
// real Node-RED: mqtt in → vitals-parse → news2 → threshold → csv-log, with the example's
// shared broker node exactly as shipped (client id ${HE_MQTT_CLIENT_ID}, clean session and
// automatic unsubscribe as set there), pointed at the test's broker. A Catch node reports
// errors on the console. Also: waiting until the subscription is live, by publishing a
// probe reading (deviceId "probe", left out of the counts) until it is in the CSV.
import fs from 'fs';
import path from 'path';
import type { MqttClient } from 'mqtt';
import { readExample, FlowNode } from '../integration/flow-fixture';
import { readCsvRows } from '../../bench/lib/csv-check';
import { sleep } from './fault-flow';

export const PIPELINE_FILE = 'vitals.csv';

function node(flow: FlowNode[], id: string): FlowNode {
  const n = flow.find((x) => x.id === id);
  if (!n) throw new Error(`health-monitoring.json has no node ${id}`);
  return JSON.parse(JSON.stringify(n));
}

/** The pipeline on tab "fault-tab", the broker node at host:port, csv-log writing under `dir`. */
export function examplePipeline(broker: { host: string; port: number }, dir: string): FlowNode[] {
  const example = readExample('health-monitoring');
  const z = 'fault-tab';
  const on = (n: FlowNode, wires: string[][], x: number) => ({ ...n, z, x, y: 100, wires });
  const brokerNode = { ...node(example, 'he-broker'), broker: broker.host, port: String(broker.port) };
  return [
    { id: z, type: 'tab', label: 'example pipeline', disabled: false, info: '', env: [] },
    brokerNode,
    on(node(example, 'hm-mqtt-in'), [['hm-parse']], 100),
    on(node(example, 'hm-parse'), [['hm-news2'], []], 250),
    on(node(example, 'hm-news2'), [['hm-news2-alarm']], 400),
    // Output 2 of threshold passes every message on.
    on(node(example, 'hm-news2-alarm'), [[], ['hm-csv']], 550),
    on({ ...node(example, 'hm-csv'), baseDir: dir }, [[]], 700),
    {
      id: 'fault-catch',
      type: 'catch',
      z,
      name: '',
      scope: null,
      uncaught: false,
      x: 100,
      y: 200,
      wires: [['caught']],
    },
    {
      id: 'caught',
      type: 'debug',
      z,
      name: 'caught',
      active: true,
      tosidebar: false,
      console: true,
      tostatus: false,
      complete: 'error',
      targetType: 'msg',
      x: 250,
      y: 200,
      wires: [],
    },
  ];
}

/** Rows of the pipeline's CSV, or [] while the file is missing or a write is half done. */
export function pipelineRows(dir: string): Record<string, string>[] {
  try {
    return readCsvRows(path.join(dir, PIPELINE_FILE));
  } catch {
    return [];
  }
}

/** Publishes a probe reading every 200 ms until one is in the CSV: the subscription is live. */
export async function waitForProbeRow(client: MqttClient, dir: string, ms = 30000): Promise<void> {
  const end = Date.now() + ms;
  while (!pipelineRows(dir).some((r) => r.deviceId === 'probe')) {
    if (Date.now() > end)
      throw new Error(
        `no probe reading reached ${path.join(dir, PIPELINE_FILE)} (exists: ${fs.existsSync(path.join(dir, PIPELINE_FILE))})`,
      );
    const probe = JSON.stringify({ patientId: 'probe', heartRate: 70, timestamp: new Date().toISOString() });
    client.publish('health/probe/vitals', probe, { qos: 1 });
    await sleep(200);
  }
}
