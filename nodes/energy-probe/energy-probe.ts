// energy-probe node: samples this host's power (RAPL, else an estimate from CPU and memory) on its
// interval and on each message, and sends energy, cost and CO2 (sampler.ts). With Source "text from
// a host's monitor" it samples nothing itself: each message's text is a sample of that host.
// systeminformation is required when a probe starts, so installing the pack does not slow Node-RED's start.
import os from 'os';
import type { NodeAPI, NodeDef, NodeMessage, NodeStatus } from 'node-red';
import { Sampler, SamplerNote, SystemSource, requestedTopProcesses, MAX_TOP_PROCESSES } from './sampler';
import { DEFAULT_COEFFICIENTS, EstimateCoefficients, invalidCoefficient } from './estimate';
import { DEFAULT_POWERCAP_ROOT } from './rapl';
import { withLightLoad } from './cpu-load';
import { ProcessEnergy } from './attribution';
import { ProcReader, DEFAULT_PROC_ROOT } from './proc-reader';
import { localDay } from './daily-energy';
import { parseMonitorText } from './monitor-text';
import { pricingReader, type PricingConfig } from '../lib/pricing-settings';
import { defineNode, NodeKit, NodeParts } from '../lib/node-kit';

type EnergyProbeDef = NodeDef & PricingConfig & { attribution?: boolean };

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-energy-probe',
    settings(read, config: EnergyProbeDef) {
      const coefficients: EstimateCoefficients = { ...DEFAULT_COEFFICIENTS };
      for (const name of Object.keys(coefficients) as Array<keyof EstimateCoefficients>)
        coefficients[name] = read.number(name, { default: DEFAULT_COEFFICIENTS[name] });
      const bad = invalidCoefficient(coefficients);
      if (bad) read.invalid(`${RED._('energy-probe.errors.coefficient')}: ${bad}`);
      const intervalS = read.number('interval', { default: 10, min: 0 });
      const sourceMode = read.choice('source', ['host', 'monitor-text'], 'host');
      const host = read.text('host');
      // A gap over 3 sampling periods is a stalled host, not power to bridge; input-only: no limit.
      const maxGapS = read.number('maxGap', { default: 3 * intervalS, min: 0 }) || Infinity;
      const attributionTop = read.number('attributionTop', { default: 10, min: 1, whole: true });
      if (attributionTop > MAX_TOP_PROCESSES)
        read.invalid(`attributionTop must be ${MAX_TOP_PROCESSES} or less (got ${attributionTop})`);
      return {
        sourceMode,
        intervalS,
        host,
        topic: read.text('topic'),
        method: read.choice('method', ['auto', 'estimate'], 'auto'),
        powercapRoot: read.text('powercapRoot') || DEFAULT_POWERCAP_ROOT,
        coefficients,
        maxGapS,
        attribution: config.attribution === true,
        attributionTop,
        attributionPrograms: read.number('attributionPrograms', { default: 100, min: 1, whole: true }),
        procRoot: read.text('procRoot') || DEFAULT_PROC_ROOT,
      };
    },
    start(kit, s, config: EnergyProbeDef) {
      if (s.sourceMode === 'monitor-text') return monitorInput(kit, s.host, s.topic);
      const host = s.host || os.hostname();
      const topic = s.topic || `energy/usage/${host}`;
      const attribution = s.attribution
        ? new ProcessEnergy({
            top: s.attributionTop,
            maxPrograms: s.attributionPrograms,
            reader: new ProcReader(s.procRoot),
          })
        : undefined;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a probe starts, not when Node-RED loads the pack
      const source = withLightLoad(require('systeminformation') as SystemSource);
      const sampler = new Sampler({ ...s, host, source, attribution });
      // Today's energy per process goes on across a restart, like energy-meter's totals.
      const saved = attribution
        ? kit.persist({ key: 'processEnergy', snapshot: () => attribution.today.toJSON(), periodMs: 10_000 })
        : undefined;
      saved?.load((day) => attribution?.today.load(day, localDay(Date.now())));
      const readPricing = pricingReader(kit, config);
      let closed = false;
      let busy = false;
      let errors = 0;
      let warnedPrice = false;
      let chain: Promise<unknown> = Promise.resolve();

      const errorStatus = (): NodeStatus => ({
        fill: 'red',
        shape: 'ring',
        text: kit.text('status.errors', { count: errors }),
      });
      const report = (notes: SamplerNote[]) => {
        for (const n of notes) {
          const text = `${kit.text(`notes.${n.key}`)} (${n.code ? n.code + ': ' : ''}${n.detail})`;
          const warn = ['rapl-failed', 'processes-failed', 'no-attribution'].includes(n.key) || n.code === 'EACCES';
          if (warn) kit.node.warn(text);
          else kit.node.log(text);
        }
      };
      // A sample goes out whatever its pricing: a price that is no number counts as not set (said
      // once), an intensity takes the default; a typed input that cannot be read leaves both unset.
      const pricing = (msg: NodeMessage) => {
        try {
          const p = readPricing(msg);
          if (p.bad?.setting === 'price' && !warnedPrice) {
            warnedPrice = true;
            kit.node.warn(`${kit.text('errors.price')} (${p.bad.value})`);
          }
          return p;
        } catch {
          return { currency: config.currency || '' };
        }
      };

      kit.statusNow({ fill: 'yellow', shape: 'ring', text: kit.text('status.starting') });
      const started = sampler.start().then(report, (err: Error) => {
        errors++;
        kit.node.error(`${kit.text('errors.start')}: ${err?.message ?? err}`);
      });

      async function sampleInto(msg: NodeMessage, topProcesses: number): Promise<NodeMessage | undefined> {
        await started;
        if (closed) return undefined;
        const { payload, notes } = await sampler.sample({ topProcesses, ...pricing(msg) });
        report(notes);
        if (payload.attribution) saved?.changed(false);
        const watts = payload.power.watts.toFixed(1);
        const params = { watts, method: kit.text(`method.${payload.power.method}`), count: errors };
        kit.status(`${watts} ${params.method} ${errors}`, () =>
          errors > 0
            ? { fill: 'yellow', shape: 'dot', text: kit.text('status.powerErrors', params) }
            : { fill: 'green', shape: 'dot', text: kit.text('status.power', params) },
        );
        msg.topic = topic;
        msg.payload = payload;
        return msg;
      }

      /** Samples run one at a time, in order of arrival. */
      const queue = (msg: NodeMessage, topProcesses: number) => {
        const sampled = chain.then(() => sampleInto(msg, topProcesses));
        chain = sampled.catch(() => undefined);
        return sampled;
      };
      const tick = () => {
        // A tick that finds the previous sample still running is skipped, never queued.
        if (busy || closed) return;
        busy = true;
        queue({}, 0)
          .then(
            (out) => out && kit.node.send(out),
            (err: Error) => {
              errors++;
              kit.statusNow(errorStatus());
              kit.node.error(`${kit.text('errors.sample')}: ${err?.message ?? err}`);
            },
          )
          .finally(() => (busy = false));
      };
      const timer = s.intervalS > 0 ? setInterval(tick, s.intervalS * 1000) : undefined;
      timer?.unref();

      return {
        rejectedStatus: errorStatus,
        input(msg, send, done) {
          if (msg.reset === true) {
            sampler.resetEnergy();
            saved?.changed(true);
          }
          queue(msg, requestedTopProcesses(msg)).then(
            (out) => {
              if (out) send(out);
              done();
            },
            (err) => {
              errors++;
              kit.reject(msg, err instanceof Error ? err : new Error(String(err)), null, done);
            },
          );
        },
        close() {
          closed = true;
          clearInterval(timer);
          // A sample in flight finishes first, so that nothing touches the node after close.
          return chain;
        },
      };
    },
  });
};

/**
 * Source "text from a host's monitor": each message's text becomes a sample of the host named in
 * msg.host or the Host setting, sent as the probe sends its own.
 */
function monitorInput(kit: NodeKit, hostSetting: string, topicSetting: string): NodeParts {
  let received = 0;
  const rejectedStatus = (): NodeStatus => ({
    fill: 'red',
    shape: 'ring',
    text: kit.text('status.monitorRejected', { count: received, rejected: kit.rejected }),
  });
  return {
    rejectedStatus,
    input(msg, send, done) {
      const host = (typeof msg.host === 'string' && msg.host.trim()) || hostSetting;
      if (host === '') return kit.reject(msg, kit.text('errors.noHost'), null, done);
      const r = parseMonitorText(msg.payload, host, new Date());
      if (!r.ok) return kit.reject(msg, `${kit.text('errors.monitorText')}: ${r.reason}`, null, done);
      received++;
      msg.topic = topicSetting || `energy/usage/${host}`;
      msg.payload = r.sample;
      kit.status(kit.rejected === 0 ? received : `${received}/${kit.rejected}`, () =>
        kit.rejected === 0
          ? { fill: 'green', shape: 'dot', text: kit.text('status.monitor', { count: received, host }) }
          : rejectedStatus(),
      );
      send(msg);
      done();
    },
  };
}
