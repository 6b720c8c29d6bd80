// energy-probe: thin Node-RED adapter around Sampler. systeminformation is required lazily here,
// when the first probe starts, so merely installing the pack does not slow Node-RED's start.
import os from 'os';
import type { NodeAPI, Node, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { Sampler, SamplerNote, SystemSource, requestedTopProcesses } from './sampler';
import { DEFAULT_COEFFICIENTS, EstimateCoefficients, invalidCoefficient } from './estimate';
import { DEFAULT_POWERCAP_ROOT } from './rapl';
import { withLightLoad } from './cpu-load';
import { DEFAULT_GRID_INTENSITY, toNonNegativeNumber } from '../lib/energy-math';
import { numberSetting } from '../lib/settings';
import { setDefaultClientId } from '../lib/mqtt-client-id';

interface EnergyProbeDef extends NodeDef {
  interval: string | number;
  host: string;
  topic: string;
  method: 'auto' | 'estimate';
  powercapRoot: string;
  minWattsPerCore: string | number;
  maxWattsPerCore: string | number;
  memoryWattsPerGB: string | number;
  pue: string | number;
  maxGap: string | number;
  price: string;
  priceType: string;
  currency: string;
  intensity: string;
  intensityType: string;
}

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function EnergyProbeNode(this: Node, config: EnergyProbeDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const intervalS = Math.max(0, numberSetting(config.interval, 10));
    const host = (config.host || '').trim() || os.hostname();
    const topic = (config.topic || '').trim() || `energy/usage/${host}`;
    const coefficients: EstimateCoefficients = {
      minWattsPerCore: numberSetting(config.minWattsPerCore, DEFAULT_COEFFICIENTS.minWattsPerCore),
      maxWattsPerCore: numberSetting(config.maxWattsPerCore, DEFAULT_COEFFICIENTS.maxWattsPerCore),
      memoryWattsPerGB: numberSetting(config.memoryWattsPerGB, DEFAULT_COEFFICIENTS.memoryWattsPerGB),
      pue: numberSetting(config.pue, DEFAULT_COEFFICIENTS.pue),
    };
    const bad = invalidCoefficient(coefficients);
    if (bad) {
      node.error(`${RED._('energy-probe.errors.coefficient')}: ${bad}`);
      node.status({ fill: 'red', shape: 'ring', text: 'energy-probe.status.config' });
      return;
    }
    // A gap over 3 sampling periods is a stalled host, not power to bridge; input-only: no limit.
    const maxGapS = numberSetting(config.maxGap, intervalS > 0 ? 3 * intervalS : Infinity);

    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const si = require('systeminformation') as SystemSource;
    const sampler = new Sampler({
      source: withLightLoad(si),
      host,
      method: config.method === 'estimate' ? 'estimate' : 'auto',
      powercapRoot: (config.powercapRoot || '').trim() || DEFAULT_POWERCAP_ROOT,
      coefficients,
      maxGapS: maxGapS > 0 ? maxGapS : Infinity,
    });

    let closed = false;
    let busy = false;
    let errors = 0;
    let warnedPrice = false;
    let chain: Promise<unknown> = Promise.resolve();
    let timer: NodeJS.Timeout | undefined;

    function report(notes: SamplerNote[]): void {
      for (const n of notes) {
        const text = `${RED._(`energy-probe.notes.${n.key}`)} (${n.code ? n.code + ': ' : ''}${n.detail})`;
        if (n.key === 'rapl-failed' || n.key === 'processes-failed' || n.code === 'EACCES') node.warn(text);
        else node.log(text);
      }
    }

    function evaluate(value: string, type: string, msg: NodeMessage): unknown {
      if (value === undefined || value === '') return undefined;
      try {
        return RED.util.evaluateNodeProperty(value, type || 'num', node, msg);
      } catch {
        return undefined;
      }
    }

    function pricing(msg: NodeMessage): { pricePerKWh?: number; intensity: number } {
      const priceRaw = evaluate(config.price, config.priceType, msg);
      const pricePerKWh = toNonNegativeNumber(priceRaw);
      if (priceRaw !== undefined && pricePerKWh === undefined && !warnedPrice) {
        warnedPrice = true;
        node.warn(`${RED._('energy-probe.errors.price')} (${JSON.stringify(priceRaw)})`);
      }
      const intensity = toNonNegativeNumber(evaluate(config.intensity, config.intensityType, msg)) ?? DEFAULT_GRID_INTENSITY;
      return { pricePerKWh, intensity };
    }

    async function sampleInto(msg: NodeMessage, topProcesses: number): Promise<NodeMessage | undefined> {
      await started;
      if (closed) return undefined;
      const { payload, notes } = await sampler.sample({ topProcesses, currency: config.currency || '', ...pricing(msg) });
      report(notes);
      const text = `${payload.power.watts.toFixed(1)} W · ${RED._(`energy-probe.method.${payload.power.method}`)}`;
      node.status({ fill: errors > 0 ? 'yellow' : 'green', shape: 'dot', text: errors > 0 ? `${text} · ${errors} ✗` : text });
      msg.topic = topic;
      msg.payload = payload;
      return msg;
    }

    node.status({ fill: 'yellow', shape: 'ring', text: 'energy-probe.status.starting' });
    const started = sampler.start().then(report, (err: unknown) => {
      errors++;
      node.error(`${RED._('energy-probe.errors.start')}: ${String((err as Error)?.message ?? err)}`);
    });

    if (intervalS > 0) {
      timer = setInterval(() => {
        // A tick that finds the previous sample still running is skipped, never queued.
        if (busy || closed) return;
        busy = true;
        chain = chain
          .then(() => sampleInto({}, 0))
          .then(
            (m) => m && node.send(m),
            (err: unknown) => {
              errors++;
              node.status({ fill: 'red', shape: 'ring', text: `${errors} ✗` });
              node.error(`${RED._('energy-probe.errors.sample')}: ${String((err as Error)?.message ?? err)}`);
            },
          )
          .finally(() => (busy = false));
      }, intervalS * 1000);
      timer.unref();
    }

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      const m = msg as NodeMessage & { reset?: unknown; topProcesses?: unknown };
      if (m.reset === true) sampler.resetEnergy();
      const n = requestedTopProcesses(m);
      chain = chain
        .then(() => sampleInto(m, n))
        .then(
          (out) => {
            if (out) send(out);
            done();
          },
          (err: unknown) => {
            errors++;
            node.status({ fill: 'red', shape: 'ring', text: `${errors} ✗` });
            done(err instanceof Error ? err : new Error(String(err)));
          },
        );
    });

    node.on('close', function (removed: boolean, done: () => void) {
      closed = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      // Let a sample in flight finish so nothing touches the node after close.
      chain.then(
        () => done(),
        () => done(),
      );
    });
  }
  RED.nodes.registerType('he-energy-probe', EnergyProbeNode);
};
