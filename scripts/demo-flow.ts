// Adapts the example flow for the demo runtime, in memory: the broker node points at
// the broker the demo chose and csv-log writes under DATA_DIR. The file itself is not changed.
import fs from 'fs';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

export function readFlow(file: string): FlowNode[] {
  const flow = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(flow)) throw new Error(`${file} does not hold a flow (a JSON array of nodes)`);
  return flow as FlowNode[];
}

export interface DemoFlowOptions {
  brokerUrl: string;
  dataDir: string;
}

/** A copy of `flow` with every mqtt-broker and csv-log node set for the demo. */
export function prepareDemoFlow(flow: FlowNode[], options: DemoFlowOptions): FlowNode[] {
  const url = new URL(options.brokerUrl);
  const tls = url.protocol === 'mqtts:';
  if (!['mqtt:', 'mqtts:'].includes(url.protocol)) {
    throw new Error(`the demo supports mqtt:// and mqtts:// broker URLs, not ${url.protocol}//`);
  }
  const port = url.port || (tls ? '8883' : '1883');
  return flow.map((node) => {
    if (node.type === 'mqtt-broker') {
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      return { ...node, name: `Demo broker (${host}:${port})`, broker: host, port, usetls: tls };
    }
    if (node.type === 'csv-log') {
      return { ...node, baseDir: options.dataDir };
    }
    return { ...node };
  });
}

/**
 * Node-RED keeps a broker's user and password in the credentials file, not in the flow:
 * the user:password of MQTT_URL, per mqtt-broker node, for flows_cred.json.
 */
export function demoCredentials(flow: FlowNode[], brokerUrl: string): Record<string, { user: string; password: string }> {
  const url = new URL(brokerUrl);
  if (!url.username && !url.password) return {};
  const creds = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return Object.fromEntries(flow.filter((n) => n.type === 'mqtt-broker').map((n) => [n.id, creds]));
}
