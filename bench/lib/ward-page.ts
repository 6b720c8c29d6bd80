// What the ward benchmark watches in the browser: when each probe patient's alarm shows on the
// page, and how busy the page's main thread is.
//
// Alarms: a watcher runs in the page (a MutationObserver, so the moment the DOM shows the alarm is
// taken, not the moment a poll finds it) and records { key, t } for every alarm of a probe key that
// appears; the benchmark reads what is new in that list every few seconds. Each page variant has a
// watcher of its own (AlarmWatcher below): adding a page means adding one.
//
// Busy share: the CPU time of the page's renderer main thread (/proc, the renderer's pid from
// the browser over CDP) against wall time. Chrome's own task time (CDP Performance.getMetrics,
// TaskDuration) is shown beside it but is not the goal's figure: it is wall time, so on a shared
// machine it also counts the time the thread waited for a core. Long tasks (PerformanceObserver
// 'longtask', tasks over 50 ms) are summed too; they alone would miss a page kept busy by many
// short tasks, which is what one socket message per reading makes. A page whose main thread is
// saturated may not answer at all: the /proc figure is read without its help.
import { CDPSession, Page } from 'playwright-core';
import { mainThreadCpuMs, mainThreadWaitMs } from './process-cpu';

export interface AlarmSeen {
  key: string;
  /** Date.now() in the page when the alarm appeared (the page and the benchmark share the clock). */
  t: number;
}

/** What a watcher is told in the page: the probes' key prefix and the widget's node id. */
export interface WatchArgs {
  prefix: string;
  id: string;
}

export interface AlarmWatcher {
  /** What it watches, for the report. */
  describe: string;
  /** A selector that is on the page once it has loaded. */
  readySelector: string;
  /** Runs in the page: starts recording alarms of keys that begin with args.prefix into window.__wardAlarms. */
  watch: (args: WatchArgs) => void;
  /** The node id the watcher is given. */
  id: string;
}

type AlarmList = { __wardAlarms: AlarmSeen[] };

/**
 * The Health page before the ward board: the alarm is a line of text ("Last NEWS2 alarm", a
 * ui-text) and a notification, both written by the flow as "<key>: NEWS2 <band> (<total>) —
 * <severity>" when an alarm is raised or escalated; "cleared" and "acknowledged" lines are not
 * alarms. The notification's countdown bar changes attributes many times a second, so the
 * observer leaves attributes out.
 */
export function textAlarmWatcher(textWidgetId: string): AlarmWatcher {
  return {
    describe: `the "Last NEWS2 alarm" text (#nrdb-ui-widget-${textWidgetId}) and the dashboard notification`,
    readySelector: `#nrdb-ui-widget-${textWidgetId}`,
    id: textWidgetId,
    watch: ({ prefix, id }) => {
      const w = window as unknown as AlarmList;
      w.__wardAlarms = [];
      const sources = [`#nrdb-ui-widget-${id} .nrdb-ui-text-value`, '.nrdb-ui-notification .v-snackbar__content'];
      const last = new WeakMap<Element, string>();
      const pattern = /^\s*(\S+): NEWS2 (?!alarm cleared)(.*)$/;
      const check = () => {
        const t = Date.now();
        for (const selector of sources) {
          for (const el of Array.from(document.querySelectorAll(selector))) {
            const text = (el.textContent ?? '').trim();
            if (last.get(el) === text) continue;
            last.set(el, text);
            const m = pattern.exec(text);
            if (m && m[1].startsWith(prefix) && !/acknowledged/.test(m[2])) w.__wardAlarms.push({ key: m[1], t });
          }
        }
      };
      new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
      check();
    },
  };
}

/**
 * The ward board (he-ward-board), as its component draws it (branch h/board): a tile per key
 * carrying `data-key`, holding an element `.hewb-alarm` while the key has an alarm, with class
 * `hewb-sev-<severity>`. A stale alarm is not the probe's NEWS2 alarm and is left out. These class
 * names are the component's own: if it changes them, change them here (or give the tile a data
 * attribute for its alarm, which the board's contract could fix).
 */
export function boardAlarmWatcher(boardNodeId: string): AlarmWatcher {
  return {
    describe: `the alarm on each probe's tile of the ward board (#nrdb-ui-widget-${boardNodeId} [data-key] .hewb-alarm)`,
    readySelector: `#nrdb-ui-widget-${boardNodeId}`,
    id: boardNodeId,
    watch: ({ prefix, id }) => {
      const w = window as unknown as AlarmList;
      w.__wardAlarms = [];
      let active = new Set<string>();
      const check = () => {
        const t = Date.now();
        const now = new Set<string>();
        for (const el of Array.from(document.querySelectorAll(`#nrdb-ui-widget-${id} [data-key]`))) {
          const key = el.getAttribute('data-key') ?? '';
          if (!key.startsWith(prefix) || !el.querySelector('.hewb-alarm:not(.hewb-sev-stale)')) continue;
          now.add(key);
          if (!active.has(key)) w.__wardAlarms.push({ key, t });
        }
        active = now;
      };
      new MutationObserver(check).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['class', 'data-key'],
      });
      check();
    },
  };
}

export interface BusySample {
  /** Date.now() when taken. */
  t: number;
  /** CPU time (ms) of each renderer process's main thread, and its time waiting for a core, by pid. */
  mainThreadMs: Map<number, { cpu: number; wait: number }>;
  /** Chrome's count for the page: main-thread task time so far and its clock; of it, JavaScript, and style and layout (s). */
  chrome?: { taskS: number; clockS: number; scriptS: number; layoutS: number };
  /** Long tasks so far: how many, and their summed duration (ms). */
  long?: { count: number; ms: number };
}

const LONG_TASKS = `
  window.__wardLong = { count: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) { window.__wardLong.count++; window.__wardLong.ms += e.duration; }
  }).observe({ type: 'longtask', buffered: true });
`;

/** The page under measurement: the watcher installed, alarms and busy time read on demand. */
export class WatchedPage {
  private constructor(
    readonly page: Page,
    private readonly pageCdp: CDPSession,
    private readonly browserCdp: CDPSession,
  ) {}

  static async open(
    page: Page,
    url: string,
    watcher: AlarmWatcher,
    prefix: string,
    timeoutMs = 60000,
  ): Promise<WatchedPage> {
    await page.addInitScript(LONG_TASKS);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
    await page.waitForSelector(watcher.readySelector, { state: 'attached', timeout: timeoutMs });
    await page.evaluate(watcher.watch, { prefix, id: watcher.id });
    const pageCdp = await page.context().newCDPSession(page);
    await pageCdp.send('Performance.enable');
    const browserCdp = await page.context().browser()!.newBrowserCDPSession();
    return new WatchedPage(page, pageCdp, browserCdp);
  }

  /**
   * The alarms the page has seen, from the `from`-th on. The page keeps its whole list (one entry
   * per alarm shown), so an answer that comes too late to be used loses nothing.
   */
  async alarmsFrom(from: number, timeoutMs = 10000): Promise<AlarmSeen[]> {
    return withTimeout(
      this.page.evaluate((i) => (window as unknown as AlarmList).__wardAlarms.slice(i), from),
      timeoutMs,
      'reading the alarms seen on the page',
    );
  }

  /**
   * The renderers' main-thread CPU (from the browser process and /proc, so it answers however
   * busy the page is), and what the page itself reports when it answers within timeoutMs.
   */
  async busy(timeoutMs = 10000): Promise<BusySample> {
    const { processInfo } = (await this.browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const t = Date.now();
    const mainThreadMs = new Map<number, { cpu: number; wait: number }>();
    for (const p of processInfo)
      if (p.type === 'renderer') mainThreadMs.set(p.id, { cpu: mainThreadCpuMs(p.id), wait: mainThreadWaitMs(p.id) });
    const [chrome, long] = await Promise.all([
      withTimeout(this.pageCdp.send('Performance.getMetrics'), timeoutMs, "reading the page's metrics").then(
        ({ metrics }) => {
          const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
          return {
            taskS: m('TaskDuration'),
            clockS: m('Timestamp'),
            scriptS: m('ScriptDuration'),
            layoutS: m('LayoutDuration') + m('RecalcStyleDuration'),
          };
        },
        () => undefined,
      ),
      withTimeout(
        this.page.evaluate(() => (window as unknown as { __wardLong: { count: number; ms: number } }).__wardLong),
        timeoutMs,
        'reading the long tasks',
      ).catch(() => undefined),
    ]);
    return { t, mainThreadMs, chrome, long };
  }
}

export interface BusyShare {
  /**
   * CPU time of the page's renderer main thread, % of the wall time between the samples: the
   * renderer whose main thread worked most (the others are Chromium's spare renderers, idle).
   */
  mainThreadPct: number;
  /** How long that thread waited for a core, % of the wall time. */
  mainThreadWaitPct: number;
  /** Chrome's own task time for the page, % of its clock (wall time: on a loaded machine it also counts waits for a core). */
  taskPct?: number;
  /** Of the task time: JavaScript, and style and layout. */
  scriptPct?: number;
  layoutPct?: number;
  /** Long tasks' time, % of the wall time, and how many. */
  longTaskPct?: number;
  longTasks?: number;
}

/** Busy share of the page's main thread between two samples. */
export function busyShare(a: BusySample, b: BusySample): BusyShare {
  const wallMs = b.t - a.t;
  let mainMs = NaN;
  let waitMs = NaN;
  for (const [pid, now] of b.mainThreadMs) {
    const before = a.mainThreadMs.get(pid);
    const d = now.cpu - (before?.cpu ?? NaN);
    if (Number.isFinite(d) && !(d <= mainMs)) {
      mainMs = d;
      waitMs = now.wait - (before?.wait ?? NaN);
    }
  }
  const share: BusyShare = { mainThreadPct: (100 * mainMs) / wallMs, mainThreadWaitPct: (100 * waitMs) / wallMs };
  if (a.chrome && b.chrome) {
    const pct = (s: number) => (100 * s) / (b.chrome!.clockS - a.chrome!.clockS);
    share.taskPct = pct(b.chrome.taskS - a.chrome.taskS);
    share.scriptPct = pct(b.chrome.scriptS - a.chrome.scriptS);
    share.layoutPct = pct(b.chrome.layoutS - a.chrome.layoutS);
  }
  if (a.long && b.long) {
    share.longTaskPct = (100 * (b.long.ms - a.long.ms)) / wallMs;
    share.longTasks = b.long.count - a.long.count;
  }
  return share;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms (page too busy?)`)), ms);
    }),
  ]);
}
