// Adapts the example flows for the demo runtime, in memory: the broker node points at
// the broker the demo chose and csv-log writes under DATA_DIR. The files themselves are not changed.
import fs from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';

export type FlowNode = Record<string, unknown> & { id: string; type: string };

export function readFlow(file: string): FlowNode[] {
  const flow = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(flow)) throw new Error(`${file} does not hold a flow (a JSON array of nodes)`);
  return flow as FlowNode[];
}

/** The example files in `dir` (examples/*.json), in name order. */
export function exampleFiles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The flows of several example files as one. Each file is complete on its own, so the config
 * nodes they share (broker, dashboard base and theme) appear in each with the same id and the
 * same content: those are kept once. The same id with different content is an error.
 */
export function mergeFlows(flows: { name: string; flow: FlowNode[] }[]): FlowNode[] {
  const merged: FlowNode[] = [];
  const seen = new Map<string, { node: FlowNode; from: string }>();
  for (const { name, flow } of flows) {
    for (const node of flow) {
      const before = seen.get(node.id);
      if (!before) {
        seen.set(node.id, { node, from: name });
        merged.push(node);
      } else if (!isDeepStrictEqual(before.node, node)) {
        throw new Error(`${name} and ${before.from} both have a node "${node.id}" but they differ`);
      }
    }
  }
  return merged;
}

export interface DemoFlowOptions {
  brokerUrl: string;
  dataDir: string;
  /** Settings changed for the demo, by node id (e.g. the plug rule's delays on the simulator's compressed clock). */
  overrides?: Record<string, Record<string, unknown>>;
}

/** A copy of `flow` with every mqtt-broker, csv-log and history node set for the demo. */
export function prepareDemoFlow(flow: FlowNode[], options: DemoFlowOptions): FlowNode[] {
  const url = new URL(options.brokerUrl);
  const tls = url.protocol === 'mqtts:';
  if (!['mqtt:', 'mqtts:'].includes(url.protocol)) {
    throw new Error(`the demo supports mqtt:// and mqtts:// broker URLs, not ${url.protocol}//`);
  }
  const port = url.port || (tls ? '8883' : '1883');
  return flow.map((original) => {
    const node: FlowNode = { ...original, ...(options.overrides?.[original.id] ?? {}) };
    if (node.type === 'mqtt-broker') {
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      return { ...node, name: `Demo broker (${host}:${port})`, broker: host, port, usetls: tls };
    }
    // history reads the files csv-log writes: the same folder.
    if (node.type === 'he-csv-log' || node.type === 'he-history') {
      return { ...node, baseDir: options.dataDir };
    }
    return node;
  });
}

/**
 * The smart-plugs example's standby rule waits 2 h (and re-notifies every 30 min) of real time.
 * The simulated plugs live a day in a few minutes, so the demo divides those delays by the same
 * factor: what the rule sees in the demo is what it would see at home, only faster.
 */
export function plugRuleOverrides(
  flow: FlowNode[],
  speed: number,
  ruleId = 'sp-standby',
): Record<string, Record<string, unknown>> {
  const rule = flow.find((n) => n.id === ruleId && n.type === 'he-threshold');
  if (!rule || !(speed > 1)) return {};
  const scaled = (v: unknown) => {
    const s = Number(v);
    return Number.isFinite(s) && s > 0 ? String(Math.max(1, Math.round(s / speed))) : v;
  };
  return { [ruleId]: { forSeconds: scaled(rule.forSeconds), renotifySeconds: scaled(rule.renotifySeconds) } };
}

/**
 * The health example's NEWS2 rule reports a patient as stale after 120 s without a usable
 * reading. DEMO_STALE_S sets another time for the demo (the browser tests use a few seconds);
 * unset, the example's own time stands.
 */
export function healthStaleOverrides(
  flow: FlowNode[],
  seconds: number | undefined,
  ruleId = 'hm-news2-alarm',
): Record<string, Record<string, unknown>> {
  if (seconds === undefined || !flow.some((n) => n.id === ruleId && n.type === 'he-threshold')) return {};
  return { [ruleId]: { staleSeconds: String(seconds) } };
}

/**
 * Node-RED keeps a broker's user and password in the credentials file, not in the flow:
 * the user:password of MQTT_URL, per mqtt-broker node, for flows_cred.json.
 */
export function demoCredentials(
  flow: FlowNode[],
  brokerUrl: string,
): Record<string, { user: string; password: string }> {
  const url = new URL(brokerUrl);
  if (!url.username && !url.password) return {};
  const creds = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  return Object.fromEntries(flow.filter((n) => n.type === 'mqtt-broker').map((n) => [n.id, creds]));
}
