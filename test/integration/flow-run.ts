// Running an example flow inside a mocha suite: one broker for the suite, a fresh folder for
// csv-log per test, the flow unloaded and the folder removed after each test, probes whose
// messages are recorded, and MQTT clients that are ended after each test. The examples' broker
// node keeps a persistent session under the client id ${HE_MQTT_CLIENT_ID}: each test sets
// the variable to an id of its own, and removes that session from the broker after the flow
// is unloaded, so that nothing is left queuing on a shared broker (CI's Mosquitto). Without its
// dashboard nodes by default; with `dashboard: true` the whole example with the real Dashboard
// 2.0 and the ward board, on the helper's HTTP server (started and stopped around each test).
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt, { MqttClient } from 'mqtt';
import { getTestBroker, TestBroker } from '../support/broker';
import { removeSession } from '../../scripts/mqtt-session';
import { CLIENT_ID_VAR } from '../../nodes/lib/mqtt-client-id';
import {
  FlowNode,
  dashboardNodeModules,
  exampleNodeModules,
  forTest,
  probe,
  readExample,
  withoutDashboard,
} from './flow-fixture';

// The helper ships no types.
export const helper = require('node-red-node-test-helper');
helper.init(require.resolve('node-red'));

export interface ExampleRun {
  readonly broker: TestBroker;
  /** This test's csv-log folder. */
  readonly dir: string;
  /**
   * The example on the test broker, csv-log writing in `dir`: without its dashboard nodes, or
   * whole when the run has the dashboard.
   */
  example(name: string): FlowNode[];
  /**
   * Wires a probe to output `port` of `from` (before load) and returns the list that receives
   * what reaches it (`pick` of each message, the message itself by default) once loaded.
   */
  record<T = any>(flow: FlowNode[], from: string, port?: number, pick?: (msg: any) => T): T[];
  load(flow: FlowNode[]): Promise<void>;
  /** A connected MQTT client on the test broker, ended after the test. */
  client(): Promise<MqttClient>;
  /** The client id the examples' broker node has in this test (HE_MQTT_CLIENT_ID). */
  readonly clientId: string;
}

export interface ExampleRunOptions {
  /** Run the examples with Dashboard 2.0 and the ward board (their dashboard nodes kept). */
  dashboard?: boolean;
}

let runs = 0;
/** Unique per test and process, and within MQTT 3.1.1's 23 characters. */
const testClientId = () => `t-${process.pid.toString(36)}-${Date.now().toString(36)}-${(runs++).toString(36)}`;

/** Call inside `describe`: registers the suite's hooks and returns the run they prepare. */
export function exampleRun(tmpPrefix: string, options: ExampleRunOptions = {}): ExampleRun {
  const dashboard = options.dashboard === true;
  let broker: TestBroker | undefined;
  let dir: string | undefined;
  let recorders: { id: string; list: unknown[]; pick: (msg: any) => unknown }[] = [];
  let clients: MqttClient[] = [];
  let clientId: string | undefined;
  let envBefore: string | undefined;

  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker?.close();
  });
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    recorders = [];
    envBefore = process.env[CLIENT_ID_VAR];
    clientId = testClientId();
    process.env[CLIENT_ID_VAR] = clientId;
    if (dashboard) await new Promise<void>((resolve) => helper.startServer(resolve));
  });
  afterEach(async () => {
    await helper.unload();
    if (dashboard) await new Promise<void>((resolve) => helper.stopServer(resolve));
    await Promise.all(clients.map((c) => c.endAsync()));
    clients = [];
    try {
      if (broker && clientId) await removeSession(broker.url, clientId);
    } finally {
      if (envBefore === undefined) delete process.env[CLIENT_ID_VAR];
      else process.env[CLIENT_ID_VAR] = envBefore;
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is set up by the suite's hooks: use it inside a test`);
    return v;
  };

  return {
    get broker() {
      return ready(broker, 'the broker');
    },
    get dir() {
      return ready(dir, 'the folder');
    },
    get clientId() {
      return ready(clientId, 'the client id');
    },
    example(name) {
      const flow = readExample(name);
      return forTest(dashboard ? flow : withoutDashboard(flow), this.broker, this.dir);
    },
    record(flow, from, port = 0, pick = (msg) => msg) {
      const list: any[] = [];
      recorders.push({ id: probe(flow, from, port), list, pick });
      return list;
    },
    async load(flow) {
      await helper.load(dashboard ? [...exampleNodeModules(), ...dashboardNodeModules()] : exampleNodeModules(), flow);
      for (const r of recorders) helper.getNode(r.id).on('input', (msg: any) => r.list.push(r.pick(msg)));
      recorders = [];
    },
    async client() {
      const client = await mqtt.connectAsync(this.broker.url, { clean: true });
      clients.push(client);
      return client;
    },
  };
}
