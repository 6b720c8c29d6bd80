// A real Node-RED runtime in this process, without the test helper (which wraps every
// node in sinon spies): for crash tests (in a child process) and benchmarks. Loads the
// built nodes from dist/nodes and the flow given; no HTTP server, no editor.
import fs from 'fs';
import os from 'os';
import path from 'path';

export interface EmbeddedRed {
  RED: any;
  userDir: string;
  node(id: string): any;
  stop(): Promise<void>;
}

/** `settings`: more settings.js entries (contextStorage, say), over the ones set here. */
export async function startEmbeddedRed(
  flows: Array<Record<string, unknown>>,
  userDir?: string,
  settings: Record<string, unknown> = {},
): Promise<EmbeddedRed> {
  const RED = require('node-red');
  const dir = userDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nr-embedded-'));
  const tab = { id: 'tab1', type: 'tab', label: 'flow' };
  fs.writeFileSync(path.join(dir, 'flows.json'), JSON.stringify([tab, ...flows.map((n) => ({ z: 'tab1', ...n }))]));
  RED.init(undefined, {
    userDir: dir,
    flowFile: 'flows.json',
    httpAdminRoot: false,
    httpNodeRoot: false,
    credentialSecret: false,
    nodesDir: [path.resolve(__dirname, '..', '..', 'nodes')],
    logging: { console: { level: 'error', metrics: false, audit: false } },
    editorTheme: { tours: false },
    ...settings,
  });
  await RED.start();
  const ids = flows.map((n) => n.id as string);
  const t0 = Date.now();
  while (!ids.every((id) => RED.nodes.getNode(id))) {
    if (Date.now() - t0 > 15000) throw new Error('Node-RED did not start the flow');
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    RED,
    userDir: dir,
    node: (id) => RED.nodes.getNode(id),
    stop: () => RED.stop(),
  };
}
