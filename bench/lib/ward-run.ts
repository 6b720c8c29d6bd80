// One run of the ward benchmark: every part as a user runs it, each in a process of its own, and
// all of it stopped again at the end.
//   Mosquitto   its own, on a free port, max_queued_messages 0 (no limit; the default 1000 drops
//               QoS 1 readings for a subscriber that falls behind, which would hide a slow page
//               as lost rows instead of late ones). Nothing else changed.
//   the demo    dist/scripts/demo.js (npm start) on 127.0.0.1 and a free port, SIM=off, its broker
//               that Mosquitto, its own DATA_DIR and user folder, the variant's example flows
//               (DEMO_EXAMPLES).
//   Chromium    Debian's, headless, on the Health page (1920 × 1080) from before the first reading
//               to the end of the run.
//   simulator   dist/sim/cli.js: patients minus the probes, one reading a second each, --count
//               the run's seconds.
//   probes      this process: the probe patients (ward-probes.ts), one reading a second each.
// Figures over the steady window (warm-up to the last reading): Node-RED's CPU from /proc, the
// page's main-thread time; readings sent against rows in vitals.csv after the drain; delay from
// each probe's raising reading to its alarm on the page, raises from the warm-up on.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Browser, chromium } from 'playwright-core';
import { startRestartableBroker, RestartableBroker } from '../../test/support/own-mosquitto';
import { mainThreadWaitMs, processCpuMs } from './process-cpu';
import { Cleanup, ChildRun, startChild } from './cleanup';
import { RowCounter, distinctRows, matchingFiles } from './csv-rows';
import { Delays, matchDelays, percentile } from './ward-latency';
import { AlarmSeen, BusySample, BusyShare, busyShare, WatchedPage } from './ward-page';
import { plannedRaises, ProbePlan, Probes, startProbes } from './ward-probes';
import { FilterPlan, FilterResult, filterPatientIds, filterPhaseSeconds, measureFilter } from './ward-filter';
import { WardVariant } from './ward-variants';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const MOSQUITTO_SETTINGS = ['max_queued_messages 0'];
const PROBE_PREFIX = 'probe-';
const VITALS_CSV = /^vitals.*\.csv$/;
const REST_SECONDS = 5;

export interface RunOptions {
  variant: WardVariant;
  patients: number;
  seconds: number;
  warmupSeconds: number;
  /** Longest wait after the last reading for the rows still to come. */
  drainSeconds: number;
  probes: number;
  cycleSeconds: number;
  repoRoot: string;
  log: (line: string) => void;
  /** Where the caller's Ctrl-C handling finds what this run started. */
  cleanup: Cleanup;
  /** Pids this run started, for a hard kill on a second Ctrl-C. */
  pids: Set<number>;
  /** Keep the run's temporary folder (with the demo's and the simulator's output) instead of removing it. */
  keep?: boolean;
  /**
   * The filter phase (ward-filter.ts) after the steady window: its patients are among
   * `patients`, and the readings go on until it is done. Board variant only.
   */
  filter?: FilterPlan;
}

export interface RunResult {
  variant: string;
  patients: number;
  /** Probe patients among them. */
  probes: number;
  /** Patients of the simulator among them (the others are the probes and the filter's patients). */
  simulated: number;
  seconds: number;
  broker: string;
  /** Node-RED's CPU, % of one core, over the steady window. */
  nodeRedCpuPct: number;
  /** The same with the page open before the first reading (5 s). */
  nodeRedAtRestPct: number;
  /** How long Node-RED's main thread waited for a core, % of the window: how much the machine's other work held it back. */
  nodeRedWaitPct: number;
  /** The same per slice of the run (from the first reading), to show a trend. */
  nodeRedCpuSlices: { fromS: number; toS: number; pct: number }[];
  simulatorCpuPct: number;
  brokerCpuPct: number;
  sent: { simulator: number; probes: number; total: number; due: number; simulatorSeconds: number };
  logged: { rows: number; distinct: number; probes: number; drainS: number; allIn: boolean };
  delays: Delays & { p50: number; p99: number; maxSeen: number; planned: number };
  /** The page over the steady window, and at rest (loaded, before the first reading). */
  browser: { steady?: BusyShare; atRest?: BusyShare };
  /** The filter phase, when it ran. */
  filter?: FilterResult;
  error?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The moment `run`'s output matched `pattern`, within `ms`; the error says what it printed otherwise. */
async function waitForLine(
  run: ChildRun,
  pattern: RegExp,
  ms: number,
  what: string,
): Promise<{ match: RegExpExecArray; at: number }> {
  let timer: NodeJS.Timeout | undefined;
  const seen = run.when(pattern);
  // Whichever comes first decides; a later rejection of the other is of no interest.
  seen.catch(() => undefined);
  try {
    return await Promise.race([
      seen,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready within ${ms / 1000} s`)), ms);
      }),
    ]);
  } catch (err) {
    throw new Error(`${what}: ${(err as Error).message}:\n${run.output().slice(-3000)}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

export async function runWard(o: RunOptions): Promise<RunResult> {
  const { variant, log, cleanup } = o;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `he-ward-${variant.name}-`));
  if (o.keep) log(`  keeping ${tmp} (demo.log, simulator.log, data/, userdir/, examples/)`);
  else cleanup.add(`remove ${tmp}`, () => fs.rmSync(tmp, { recursive: true, force: true }));
  const dataDir = path.join(tmp, 'data');
  const examples = path.join(tmp, 'examples');
  variant.writeExamples(examples);

  const broker: RestartableBroker = await startRestartableBroker(MOSQUITTO_SETTINGS, { ownProcessGroup: true });
  cleanup.add('stop Mosquitto', () => broker.close());
  if (broker.pid) o.pids.add(broker.pid);
  const brokerPid = broker.pid;

  const node = process.execPath;
  const demo = startChild(node, [path.join(o.repoRoot, 'dist', 'scripts', 'demo.js')], {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: '0',
    SIM: 'off',
    MQTT_URL: broker.url,
    DATA_DIR: dataDir,
    DEMO_USERDIR: path.join(tmp, 'userdir'),
    DEMO_EXAMPLES: examples,
  });
  o.pids.add(demo.pid);
  cleanup.add('stop the demo', async () => {
    await demo.stop('SIGINT', 20000);
    if (o.keep) fs.writeFileSync(path.join(tmp, 'demo.log'), demo.output());
  });
  const base = (await waitForLine(demo, /demo ready: (http:\/\/\S+)/, 90000, 'the demo')).match[1];
  log(`  demo ready at ${base} (pid ${demo.pid}); broker ${broker.kind} ${broker.url}`);

  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    // This benchmark stops Chromium itself, after the others, on Ctrl-C too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 30000,
  });
  cleanup.add('close Chromium', () => browser.close());
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const watched = await WatchedPage.open(page, `${base}${variant.pagePath}`, variant.watcher, PROBE_PREFIX);
  log(`  Chromium on ${variant.pagePath}, watching ${variant.watcher.describe}`);
  await sleep(2000);
  // The page at rest, for comparison: what it costs before any reading comes.
  const rest0 = await watched.busy();
  const restCpu0 = { t: Date.now(), ms: processCpuMs(demo.pid) };
  await sleep(REST_SECONDS * 1000);
  const atRest = busyShare(rest0, await watched.busy());
  const nodeRedAtRestPct = (100 * (processCpuMs(demo.pid) - restCpu0.ms)) / (Date.now() - restCpu0.t);

  // With the filter phase the readings go on after the steady window, until the phase is done.
  const extraSeconds = o.filter ? filterPhaseSeconds(o.filter) : 0;
  const sendSeconds = o.seconds + extraSeconds;
  const plan: ProbePlan = {
    probes: o.probes,
    cycleSeconds: o.cycleSeconds,
    firstSecond: o.warmupSeconds,
    seconds: sendSeconds,
  };
  const quiet = o.filter ? filterPatientIds() : [];
  const simPatients = o.patients - o.probes - quiet.length;
  const sim = startChild(
    node,
    [
      path.join(o.repoRoot, 'dist', 'sim', 'cli.js'),
      '--url',
      broker.url,
      '--patients',
      String(simPatients),
      '--interval',
      '1000',
      '--count',
      String(sendSeconds),
    ],
    process.env,
  );
  o.pids.add(sim.pid);
  cleanup.add('stop the simulator', async () => {
    await sim.stop('SIGTERM', 10000);
    if (o.keep) fs.writeFileSync(path.join(tmp, 'simulator.log'), sim.output());
  });
  // It prints this line right after sending its first round.
  const simStart = (await waitForLine(sim, /^publishing /m, 30000, 'the simulator')).at;
  const probes: Probes = startProbes(broker.url, plan, 'health', quiet);
  cleanup.add('stop the probes', () => probes.stop());
  await probes.ready;
  const t0 = Date.now();
  log(
    `  ${simPatients} simulated patients, ${o.probes} probes${quiet.length ? ` and ${quiet.length} patients for the filter` : ''} publishing, ${sendSeconds} s`,
  );

  // The alarms the page saw, read in the background every 2 s (one read at a time), so that a
  // page too busy to answer never delays the CPU samples.
  const alarms: AlarmSeen[] = [];
  let fetching: Promise<void> | undefined;
  const takeAlarms = (timeoutMs = 5000): Promise<void> =>
    (fetching ??= watched
      .alarmsFrom(alarms.length, timeoutMs)
      .then(
        (seen) => void alarms.push(...seen),
        (err: Error) => log(`  ${err.message}`),
      )
      .finally(() => (fetching = undefined)));
  const poller = setInterval(() => void takeAlarms(), 2000);
  cleanup.add('stop fetching alarms', () => clearInterval(poller));
  const busyAt = async (): Promise<BusySample | undefined> => {
    try {
      return await watched.busy();
    } catch (err) {
      log(`  ${(err as Error).message}`);
      return undefined;
    }
  };
  const cpu = () => ({
    t: Date.now(),
    nodeRed: processCpuMs(demo.pid),
    nodeRedWait: mainThreadWaitMs(demo.pid),
    sim: processCpuMs(sim.pid),
    broker: processCpuMs(brokerPid),
  });
  // The simulator may have exited by the window's end: its figure runs to its last sample.
  let simLast: { t: number; ms: number } | undefined;
  const noteSim = (c: ReturnType<typeof cpu>) => {
    if (Number.isFinite(c.sim)) simLast = { t: c.t, ms: c.sim };
  };

  const sliceS = Math.max(10, Math.round(o.seconds / 10));
  const samples: ReturnType<typeof cpu>[] = [cpu()];
  const windowStart = t0 + o.warmupSeconds * 1000;
  const windowEnd = t0 + o.seconds * 1000;
  let w0: ReturnType<typeof cpu> | undefined;
  let b0: BusySample | undefined;
  let nextSlice = t0 + sliceS * 1000;
  while (Date.now() < windowEnd) {
    await sleep(Math.min(2000, Math.max(0, windowEnd - Date.now())));
    if (!w0 && Date.now() >= windowStart) {
      w0 = cpu();
      noteSim(w0);
      b0 = await busyAt();
    }
    const c = cpu();
    noteSim(c);
    if (c.t >= nextSlice) {
      samples.push(c);
      nextSlice += sliceS * 1000;
    }
  }
  const w1 = cpu();
  noteSim(w1);
  const b1 = await busyAt();
  if (w1.t - samples[samples.length - 1].t >= 1000) samples.push(w1);

  let filter: FilterResult | undefined;
  if (o.filter) {
    try {
      filter = await measureFilter(watched, variant.watcher.id, PROBE_PREFIX, o.filter, log);
    } catch (err) {
      log(`  filter phase failed: ${(err as Error).message}`);
    }
  }

  const simCode = await Promise.race([
    sim.exited,
    sleep(Math.max(0, t0 + sendSeconds * 1000 - Date.now()) + 60000).then(() => 'late' as const),
  ]);
  if (simCode === 'late')
    throw new Error(`the simulator did not finish within 60 s of the run's end:\n${sim.output().slice(-2000)}`);
  const simEnd = sim.exitedAt();
  await probes.done;
  const simSent = Number(/stopped: (\d+) readings published/.exec(sim.output())?.[1] ?? NaN);
  const sent = simSent + probes.published;
  log(`  published: simulator ${simSent} (exit ${simCode}), probes ${probes.published}; draining`);

  // The drain: rows still on their way (queued in the broker, or in Node-RED), up to drainSeconds.
  const counter = new RowCounter(dataDir, VITALS_CSV);
  const drainStart = Date.now();
  let rows = counter.rows();
  while (rows < sent && Date.now() - drainStart < o.drainSeconds * 1000) {
    await sleep(1000);
    rows = counter.rows();
  }
  const drainS = (Date.now() - drainStart) / 1000;
  if (!demo.running()) throw new Error(`the demo exited during the run:\n${demo.output().slice(-3000)}`);
  clearInterval(poller);
  await fetching;
  await takeAlarms(30000);
  const account = await distinctRows(matchingFiles(dataDir, VITALS_CSV), PROBE_PREFIX);

  // The steady window's raises: in the filter phase the probes' tiles are mostly filtered out.
  const delays = matchDelays(
    probes.raises.filter((r) => r.raiseAt < windowEnd),
    alarms,
  );
  const seenMs = delays.ms.filter((x) => Number.isFinite(x));
  const windowS = (w1.t - (w0?.t ?? NaN)) / 1000;
  const pct = (a: number, b: number, seconds: number) => (100 * (b - a)) / 1000 / seconds;
  const busy = b0 && b1 ? busyShare(b0, b1) : undefined;
  return {
    variant: variant.name,
    patients: o.patients,
    probes: o.probes,
    simulated: simPatients,
    seconds: o.seconds,
    broker: `${broker.kind} (${MOSQUITTO_SETTINGS.join(', ')})`,
    nodeRedCpuPct: w0 ? pct(w0.nodeRed, w1.nodeRed, windowS) : NaN,
    nodeRedAtRestPct,
    nodeRedWaitPct: w0 ? pct(w0.nodeRedWait, w1.nodeRedWait, windowS) : NaN,
    nodeRedCpuSlices: samples.slice(1).map((s, i) => ({
      fromS: Math.round((samples[i].t - t0) / 1000),
      toS: Math.round((s.t - t0) / 1000),
      pct: pct(samples[i].nodeRed, s.nodeRed, (s.t - samples[i].t) / 1000),
    })),
    simulatorCpuPct: w0 && simLast ? pct(w0.sim, simLast.ms, (simLast.t - w0.t) / 1000) : NaN,
    brokerCpuPct: w0 ? pct(w0.broker, w1.broker, windowS) : NaN,
    sent: {
      simulator: simSent,
      probes: probes.published,
      total: sent,
      due: o.patients * sendSeconds,
      simulatorSeconds: (simEnd - simStart) / 1000,
    },
    logged: {
      rows: account.rows,
      distinct: account.distinct,
      probes: account.distinctWithPrefix,
      drainS,
      allIn: account.distinct >= sent,
    },
    delays: {
      ...delays,
      p50: percentile(delays.ms, 50),
      p99: percentile(delays.ms, 99),
      maxSeen: seenMs.length ? Math.max(...seenMs) : NaN,
      planned: plannedRaises({ ...plan, seconds: o.seconds }),
    },
    browser: { steady: busy, atRest },
    filter,
  };
}
