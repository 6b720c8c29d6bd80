// A Node-RED with Dashboard 2.0, the pack and the ward board widget, run as a child process for
// the ward board's browser test (fork this file with the flow's JSON file as argument). Its user
// directory lists and links both packages as an installed user directory would, so Dashboard 2.0
// finds the widget there. Prints "ready <url>" once the flow runs; takes { id, msg } over IPC and
// hands msg to that node, as if wired to it.
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const PACKAGES: Record<string, string> = {
  'node-red-contrib-health-energy': repoRoot,
  'node-red-dashboard-2-health-energy': path.join(repoRoot, 'ward-board'),
};

async function main(): Promise<void> {
  const flowFile = process.argv[2];
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-ward-board-'));
  fs.mkdirSync(path.join(userDir, 'node_modules'));
  for (const [name, dir] of Object.entries(PACKAGES))
    fs.symlinkSync(dir, path.join(userDir, 'node_modules', name), 'dir');
  const dependencies = Object.fromEntries(Object.keys(PACKAGES).map((name) => [name, '*']));
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', private: true, dependencies }),
  );
  fs.copyFileSync(flowFile, path.join(userDir, 'flows.json'));

  const RED = require('node-red');
  const server = http.createServer((req, res) =>
    RED.httpAdmin(req, res, () => RED.httpNode(req, res, () => res.writeHead(404).end())),
  );
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    uiHost: '127.0.0.1',
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
    editorTheme: { tours: false, palette: { catalogues: [] } },
    logging: { console: { level: 'warn', metrics: false, audit: false } },
  });
  const started = new Promise<void>((resolve) => RED.events.once('flows:started', () => resolve()));
  await RED.start();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  await started;
  process.on('message', (m: { id: string; msg: object }) => RED.nodes.getNode(m.id)?.receive(m.msg));
  const stop = async () => {
    await RED.stop();
    server.closeAllConnections();
    server.close();
    fs.rmSync(userDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  process.stdout.write(`ready http://127.0.0.1:${(server.address() as { port: number }).port}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
