// `npm start`: Node-RED 4 embedded with this pack, Dashboard 2.0, every example flow,
// an MQTT broker and the device simulators (patients, smart plugs, Bluetooth LE devices), all
// on this machine.
// Ctrl-C stops it all.
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { chooseBroker, DemoBroker, redact } from './demo-broker';
import { configFromEnv, DemoConfig, isLoopback } from './demo-env';
import {
  demoCredentials,
  exampleFiles,
  healthStaleOverrides,
  mergeFlows,
  plugRuleOverrides,
  prepareDemoFlow,
  readFlow,
} from './demo-flow';
import { startSimulator, Simulator } from '../sim/simulator';
import { startPlugSimulator, PlugSimulator } from '../sim/plug-simulator';
import { startBleSimulator } from '../sim/ble-simulator';
import { CLIENT_ID_VAR, defaultClientId } from '../nodes/lib/mqtt-client-id';
import { removeSession } from './mqtt-session';

const repoRoot = path.resolve(__dirname, '..', '..');
/** The packages the demo's user directory holds, each a link to its folder in the working tree. */
const PACKAGES: Record<string, string> = {
  'node-red-contrib-health-energy': repoRoot,
  // The ward board widget: Dashboard 2.0 finds third-party widgets among the user directory's dependencies.
  'node-red-dashboard-2-health-energy': path.join(repoRoot, 'ward-board'),
};
const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

/**
 * Makes `<userDir>/node_modules/<package>` a link to the working tree for each package, and lists
 * them as dependencies in `<userDir>/package.json`, so Node-RED and Dashboard 2.0 see installed modules.
 */
function linkPackages(userDir: string): void {
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  for (const [name, dir] of Object.entries(PACKAGES)) {
    const link = path.join(modules, name);
    try {
      if (fs.realpathSync(link) === fs.realpathSync(dir)) continue;
      fs.rmSync(link, { recursive: true, force: true });
    } catch {
      fs.rmSync(link, { force: true });
    }
    fs.symlinkSync(dir, link, 'dir');
  }
  const pkgFile = path.join(userDir, 'package.json');
  let pkg: { dependencies?: Record<string, string> } & Record<string, unknown> = {
    name: 'node-red-project',
    private: true,
  };
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
  } catch {
    // A new user directory: Node-RED would write this file itself, without the dependencies.
  }
  pkg.dependencies = {
    ...pkg.dependencies,
    ...Object.fromEntries(Object.keys(PACKAGES).map((name) => [name, `file:${PACKAGES[name]}`])),
  };
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2));
}

function nodeRedSettings(config: DemoConfig): Record<string, unknown> {
  return {
    userDir: config.userDir,
    flowFile: 'flows.json',
    flowFilePretty: true,
    // The demo flow holds no secrets; a generated key would only add a warning.
    credentialSecret: false,
    httpAdminRoot: '/',
    httpNodeRoot: '/',
    // Context in files under <userDir>/context: what the threshold nodes keep (their active
    // alarms) survives a restart, and their "report active alarms at start" puts the alarms
    // back on the ward boards.
    contextStorage: { default: { module: 'localfilesystem' } },
    uiHost: config.host,
    uiPort: config.port,
    // Keep everything on this machine: no update checks, no palette catalogue downloads.
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { palette: { allowInstall: false }, modules: { allowInstall: false } },
    editorTheme: {
      projects: { enabled: false },
      tours: false,
      palette: { catalogues: [] },
      page: { title: 'Node-RED · health & energy demo' },
    },
    logging: { console: { level: 'info', metrics: false, audit: false } },
  };
}

/** Data lines (header excluded) of each CSV file under dir, and whether any ends mid-line. */
function csvSummary(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const lines = text.split('\n').filter((l) => l.length > 0).length;
      const torn = text.length > 0 && !text.endsWith('\n') ? ' (last line unterminated!)' : '';
      return `${path.join(dir, f)}: ${Math.max(0, lines - 1)} rows${torn}`;
    });
}

async function main(): Promise<void> {
  const config = configFromEnv(process.env, repoRoot);
  const built =
    fs.existsSync(path.join(repoRoot, 'dist', 'nodes')) &&
    fs.existsSync(path.join(repoRoot, 'ward-board', 'resources'));
  if (!built)
    throw new Error('dist/nodes or ward-board/resources is missing: run `npm run build` (npm start does it for you)');

  linkPackages(config.userDir);
  fs.mkdirSync(config.dataDir, { recursive: true });

  let broker: DemoBroker;
  try {
    broker = await chooseBroker({ mqttUrl: config.mqttUrl, localPort: config.brokerPort });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new Error(
        `port ${config.brokerPort} is taken by something that is not an MQTT broker; set MQTT_URL or DEMO_BROKER_PORT`,
        {
          cause: err,
        },
      );
    }
    throw err;
  }
  const brokerNote = {
    MQTT_URL: 'from MQTT_URL',
    local: 'already running here',
    embedded: 'embedded Aedes, started by the demo',
  };
  say(`MQTT broker: ${redact(broker.url)} (${brokerNote[broker.kind]})`);

  // Every example, each rewritten the same way, on its own tab and dashboard page.
  const files = exampleFiles(config.examplesDir);
  const examples = mergeFlows(files.map((f) => ({ name: path.basename(f), flow: readFlow(f) })));
  const plugSpeed = config.plugs ? 86_400 / config.plugs.daySeconds : 1;
  const flow = prepareDemoFlow(examples, {
    brokerUrl: broker.url,
    dataDir: config.dataDir,
    overrides: { ...plugRuleOverrides(examples, plugSpeed), ...healthStaleOverrides(examples, config.staleSeconds) },
  });
  say(`flows:     ${files.map((f) => path.basename(f, '.json')).join(', ')}`);
  // The examples' broker node keeps a persistent session under ${HE_MQTT_CLIENT_ID}. The demo
  // sets the id from its own user directory, whatever the shell holds: a value meant for the
  // user's own Node-RED would throw that Node-RED off the broker, and lose its session at stop.
  const clientId = defaultClientId(os.hostname(), config.userDir);
  process.env[CLIENT_ID_VAR] = clientId;
  say(`MQTT client id: ${clientId} (persistent session, removed from the broker at stop)`);
  const staleRule = flow.find((n) => n.id === 'hm-news2-alarm');
  if (config.staleSeconds !== undefined && staleRule)
    say(`stale:     a patient silent for ${staleRule.staleSeconds} s is stale (DEMO_STALE_S)`);
  say(`context:   ${path.join(config.userDir, 'context')} (the alarms kept across restarts)`);
  // The demo always starts from the example; edits made in the editor last until the next start.
  fs.writeFileSync(path.join(config.userDir, 'flows.json'), JSON.stringify(flow, null, 4));
  // credentialSecret is false below, so this file is plain JSON; it is written with owner-only access.
  const credFile = path.join(config.userDir, 'flows_cred.json');
  fs.writeFileSync(credFile, JSON.stringify(demoCredentials(flow, broker.url), null, 4), { mode: 0o600 });

  const RED = require('node-red');
  // Node-RED's two express apps share one server: the editor and admin API first, then
  // what nodes serve (the dashboard at /dashboard).
  const server = http.createServer((req, res) => {
    RED.httpAdmin(req, res, () =>
      RED.httpNode(req, res, () => {
        res.statusCode = 404;
        res.end('Not found\n');
      }),
    );
  });
  RED.init(server, nodeRedSettings(config));

  const flowsStarted = new Promise<void>((resolve) => RED.events.once('flows:started', () => resolve()));
  await RED.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  // Node-RED waits silently for node types it cannot find; say so instead of hanging.
  let waited: NodeJS.Timeout | undefined;
  await Promise.race([
    flowsStarted,
    new Promise<never>((_, reject) => {
      waited = setTimeout(
        () => reject(new Error('the flows did not start within 30 s: missing node types? (see the log above)')),
        30_000,
      );
    }),
  ]);
  clearTimeout(waited);
  const port = (server.address() as { port: number }).port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host;
  const base = `http://${shownHost}:${port}`;

  let sim: Simulator | undefined;
  if (config.simulator) {
    sim = startSimulator({
      url: broker.url,
      ...config.simulator,
      onError: (err) => say(`simulator: ${err.message}`),
    });
    await sim.ready;
    const worse = sim.patients.find((p) => p.deteriorates);
    say(
      `simulator: ${sim.patients.map((p) => p.id).join(', ')} every ${config.simulator.intervalMs} ms` +
        (worse ? ` (${worse.id} deteriorates)` : ''),
    );
  } else {
    say('simulator off (SIM=off): publish to health/<patientId>/vitals yourself');
  }
  let plugSim: PlugSimulator | undefined;
  if (config.plugs) {
    plugSim = startPlugSimulator({
      url: broker.url,
      ...config.plugs,
      onError: (err) => say(`plug simulator: ${err.message}`),
    });
    await plugSim.ready;
    const rule = flow.find((n) => n.id === 'sp-standby');
    say(
      `plugs:     ${plugSim.plugs.map((p) => p.id).join(', ')}, a day in ${config.plugs.daySeconds} s` +
        (rule ? ` (standby rule: ${rule.forSeconds} s here for 2 h)` : ''),
    );
  }
  let bleSim: Simulator | undefined;
  if (config.ble) {
    bleSim = startBleSimulator({
      url: broker.url,
      ...config.ble,
      onError: (err) => say(`BLE simulator: ${err.message}`),
    });
    await bleSim.ready;
    say(
      `BLE:       ${bleSim.patients.map((p) => `${p.id}-*`).join(', ')} on ble/<device>/<characteristic> every ${config.ble.intervalMs} ms`,
    );
  }

  if (!isLoopback(config.host)) {
    say(`WARNING: listening on ${config.host} with no adminAuth: anyone who can reach this address can edit`);
    say('WARNING: the flows and read patient data. Use HOST=127.0.0.1 unless you have secured the network.');
  }
  say(`editor:    ${base}/`);
  say(`dashboard: ${base}/dashboard`);
  say(`CSV files: ${config.dataDir}`);
  // One machine-readable line for scripts and tests to wait on.
  process.stdout.write(`demo ready: ${base}\n`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      say(`${signal} again: exiting without a clean stop`);
      process.exit(130);
    }
    stopping = true;
    say(`${signal}: stopping`);
    try {
      if (sim) {
        await sim.stop();
        say(`simulator stopped after ${sim.published} readings`);
      }
      if (plugSim) {
        await plugSim.stop();
        say(`plug simulator stopped after ${plugSim.published} messages, ${plugSim.commands} commands obeyed`);
      }
      if (bleSim) {
        await bleSim.stop();
        say(`BLE simulator stopped after ${bleSim.published} packets`);
      }
      // Closing the nodes lets csv-log write and close its files.
      await RED.stop();
      // The broker keeps the session's subscriptions after Node-RED has gone, and would queue
      // every reading for a demo that may never start again. An embedded broker goes with the demo.
      if (broker.kind !== 'embedded') {
        await removeSession(broker.url, clientId).then(
          () => say(`MQTT session ${clientId} removed from the broker`),
          (err: Error) => say(`could not remove MQTT session ${clientId}: ${err.message}`),
        );
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await broker.close();
      for (const line of csvSummary(config.dataDir)) say(line);
      process.stdout.write('demo stopped\n');
      process.exit(0);
    } catch (err) {
      process.stderr.write(`[demo] stop failed: ${(err as Error).stack ?? err}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: Error) => {
  process.stderr.write(`[demo] cannot start: ${err.message}\n`);
  process.exit(1);
});
