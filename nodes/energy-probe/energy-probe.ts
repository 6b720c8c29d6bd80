// energy-probe node: samples this host's power (RAPL, else an estimate from CPU and memory) on its
// interval and on each message, and sends energy, cost and CO2. The sampling is sampler.ts; the
// plumbing is the node kit's. systeminformation is required when a probe starts, so merely
// installing the pack does not slow Node-RED's start.
import os from 'os';
import type { NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { Sampler, SamplerNote, SystemSource, requestedTopProcesses, MAX_TOP_PROCESSES } from './sampler';
import { DEFAULT_COEFFICIENTS, invalidCoefficient } from './estimate';
import { DEFAULT_POWERCAP_ROOT } from './rapl';
import { withLightLoad } from './cpu-load';
import { ProcessEnergy } from './attribution';
import { ProcReader, DEFAULT_PROC_ROOT } from './proc-reader';
import { localDay } from './daily-energy';
import { DEFAULT_GRID_INTENSITY, toNonNegativeNumber } from '../lib/energy-math';
import { defineNode } from '../lib/node-kit';

interface EnergyProbeDef extends NodeDef {
  price: string;
  priceType: string;
  currency: string;
  intensity: string;
  intensityType: string;
  attribution?: boolean;
}

/** Today's energy per process is written at most this often (and on close). */
const SAVE_PERIOD_MS = 10_000;

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-energy-probe',
    settings(read, config: EnergyProbeDef) {
      const coefficient = (name: keyof typeof DEFAULT_COEFFICIENTS) =>
        read.number(name, { default: DEFAULT_COEFFICIENTS[name] });
      const coefficients = {
        minWattsPerCore: coefficient('minWattsPerCore'),
        maxWattsPerCore: coefficient('maxWattsPerCore'),
        memoryWattsPerGB: coefficient('memoryWattsPerGB'),
        pue: coefficient('pue'),
      };
      const bad = invalidCoefficient(coefficients);
      if (bad) read.invalid(`${RED._('energy-probe.errors.coefficient')}: ${bad}`);
      const intervalS = read.number('interval', { default: 10, min: 0 });
      const host = read.text('host') || os.hostname();
      // A gap over 3 sampling periods is a stalled host, not power to bridge; input-only: no limit.
      const maxGapS = read.number('maxGap', { default: 3 * intervalS, min: 0 });
      const attributionTop = read.number('attributionTop', { default: 10, min: 1, whole: true });
      if (attributionTop > MAX_TOP_PROCESSES)
        read.invalid(`attributionTop must be ${MAX_TOP_PROCESSES} or less (got ${attributionTop})`);
      return {
        intervalS,
        host,
        topic: read.text('topic') || `energy/usage/${host}`,
        method: read.choice('method', ['auto', 'estimate'], 'auto'),
        powercapRoot: read.text('powercapRoot') || DEFAULT_POWERCAP_ROOT,
        coefficients,
        maxGapS: maxGapS > 0 ? maxGapS : Infinity,
        attribution: config.attribution === true,
        attributionTop,
        attributionPrograms: read.number('attributionPrograms', { default: 100, min: 1, whole: true }),
        procRoot: read.text('procRoot') || DEFAULT_PROC_ROOT,
      };
    },
    start(kit, s, config: EnergyProbeDef) {
      const attribution = s.attribution
        ? new ProcessEnergy({
            top: s.attributionTop,
            maxPrograms: s.attributionPrograms,
            reader: new ProcReader(s.procRoot),
          })
        : undefined;
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when a probe starts, not when Node-RED loads the pack
      const source = withLightLoad(require('systeminformation') as SystemSource);
      const sampler = new Sampler({ ...s, source, attribution });
      // Today's energy per process goes on across a restart, like energy-meter's totals.
      const saved = attribution
        ? kit.persist({ key: 'processEnergy', snapshot: () => attribution.today.toJSON(), periodMs: SAVE_PERIOD_MS })
        : undefined;
      saved?.load((day) => attribution?.today.load(day, localDay(Date.now())));
      const readPrice = kit.property(config.price, config.priceType, 'num');
      const readIntensity = kit.property(config.intensity, config.intensityType, 'num');
      let closed = false;
      let busy = false;
      let errors = 0;
      let warnedPrice = false;
      let chain: Promise<unknown> = Promise.resolve();

      const errorStatus = () => ({
        fill: 'red' as const,
        shape: 'ring' as const,
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
      // A price or intensity that cannot be read counts as not set.
      const evaluate = (read: (msg: NodeMessage) => unknown, msg: NodeMessage) => {
        try {
          return read(msg);
        } catch {
          return undefined;
        }
      };
      const pricing = (msg: NodeMessage) => {
        const priceRaw = evaluate(readPrice, msg);
        const pricePerKWh = toNonNegativeNumber(priceRaw);
        if (priceRaw !== undefined && pricePerKWh === undefined && !warnedPrice) {
          warnedPrice = true;
          kit.node.warn(`${kit.text('errors.price')} (${JSON.stringify(priceRaw)})`);
        }
        return { pricePerKWh, intensity: toNonNegativeNumber(evaluate(readIntensity, msg)) ?? DEFAULT_GRID_INTENSITY };
      };

      kit.statusNow({ fill: 'yellow', shape: 'ring', text: kit.text('status.starting') });
      const started = sampler.start().then(report, (err: Error) => {
        errors++;
        kit.node.error(`${kit.text('errors.start')}: ${err?.message ?? err}`);
      });

      async function sampleInto(msg: NodeMessage, topProcesses: number): Promise<NodeMessage | undefined> {
        await started;
        if (closed) return undefined;
        const { payload, notes } = await sampler.sample({
          topProcesses,
          currency: config.currency || '',
          ...pricing(msg),
        });
        report(notes);
        if (payload.attribution) saved?.changed(false);
        const params = {
          watts: payload.power.watts.toFixed(1),
          method: kit.text(`method.${payload.power.method}`),
          count: errors,
        };
        kit.status(`${params.watts} ${params.method} ${errors}`, () =>
          errors > 0
            ? { fill: 'yellow', shape: 'dot', text: kit.text('status.powerErrors', params) }
            : { fill: 'green', shape: 'dot', text: kit.text('status.power', params) },
        );
        msg.topic = s.topic;
        msg.payload = payload;
        return msg;
      }

      const timer =
        s.intervalS > 0
          ? setInterval(() => {
              // A tick that finds the previous sample still running is skipped, never queued.
              if (busy || closed) return;
              busy = true;
              chain = chain
                .then(() => sampleInto({}, 0))
                .then(
                  (m) => m && kit.node.send(m),
                  (err: Error) => {
                    errors++;
                    kit.statusNow(errorStatus());
                    kit.node.error(`${kit.text('errors.sample')}: ${err?.message ?? err}`);
                  },
                )
                .finally(() => (busy = false));
            }, s.intervalS * 1000)
          : undefined;
      timer?.unref();

      return {
        rejectedStatus: errorStatus,
        input(msg, send, done) {
          if (msg.reset === true) {
            sampler.resetEnergy();
            saved?.changed(true);
          }
          const n = requestedTopProcesses(msg);
          chain = chain
            .then(() => sampleInto(msg, n))
            .then(
              (out) => {
                if (out) send(out);
                done();
              },
              (err: Error) => {
                errors++;
                kit.reject(msg, err instanceof Error ? err : new Error(String(err)), null, done);
              },
            );
        },
        close() {
          closed = true;
          clearInterval(timer);
          // A sample in flight finishes first, so that nothing touches the node after close.
          return chain.catch(() => undefined);
        },
      };
    },
  });
};
