// news2 node: scores a reading from vitals-parse by NEWS2 and adds msg.payload.news2.
// Thin adapter: scoring, banding, input checks and the per-patient memory are in
// plain modules beside this file.

import type { Node, NodeAPI, NodeDef, NodeMessageInFlow, NodeStatus } from 'node-red';
import { assess } from './assess';
import type { Band } from './band';
import { VitalsMemory } from './combine';
import { isReadingObject, readInputs, resolveScale, type InputError } from './input';
import type { News2Inputs, Spo2Scale } from './score';
import { cachedText } from '../lib/cached-text';
import { numberSetting } from '../lib/settings';

interface News2NodeDef extends NodeDef {
  scale?: string | number;
  combineWindow?: string | number;
  maxPatients?: string | number;
}

const DEFAULT_COMBINE_WINDOW_S = 300;
const DEFAULT_MAX_PATIENTS = 1000;

const BAND_STATUS: Record<Band, Pick<NodeStatus, 'fill' | 'shape'>> = {
  low: { fill: 'green', shape: 'dot' },
  'low-medium': { fill: 'yellow', shape: 'dot' },
  medium: { fill: 'red', shape: 'ring' },
  high: { fill: 'red', shape: 'dot' },
};

const hasAnyVital = (inputs: News2Inputs): boolean => Object.values(inputs).some((v) => v !== undefined);

export = function (RED: NodeAPI) {
  function News2Node(this: Node, config: News2NodeDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const nodeScale: Spo2Scale = String(config.scale) === '2' ? 2 : 1;
    const memory = new VitalsMemory({
      windowSeconds: numberSetting(config.combineWindow, DEFAULT_COMBINE_WINDOW_S, 0),
      maxPatients: numberSetting(config.maxPatients, DEFAULT_MAX_PATIENTS, 1),
    });
    let rejected = 0;
    // Shown for every message: templates translated once, and an unchanged status not sent again.
    const text = cachedText((key, params) => RED._(key, params));
    let lastStatus = '';

    const describe = (e: InputError): string => {
      if (e.code === 'notReading') return RED._('news2.error.notReading');
      return RED._(`news2.error.${e.code}`, { field: e.field, value: JSON.stringify(e.value) ?? String(e.value) });
    };
    const reject = (reason: string, msg: NodeMessageInFlow, done: () => void): void => {
      rejected += 1;
      lastStatus = '';
      node.status({ fill: 'red', shape: 'dot', text: RED._('news2.status.rejected', { count: rejected }) });
      node.error(reason, msg);
      done();
    };

    node.on('input', (msg, send, done) => {
      const payload = msg.payload;
      if (!isReadingObject(payload)) return reject(describe({ code: 'notReading' }), msg, done);
      const scale = resolveScale(payload.spo2Scale, nodeScale);
      if (!scale.ok) return reject(describe(scale.error), msg, done);
      const read = readInputs(payload);
      if (!read.ok) return reject(describe(read.error), msg, done);

      const key =
        typeof payload.patientId === 'string' && payload.patientId !== ''
          ? `p:${payload.patientId}`
          : typeof payload.deviceId === 'string' && payload.deviceId !== ''
            ? `d:${payload.deviceId}`
            : undefined;
      const timestamp = typeof payload.timestamp === 'string' ? payload.timestamp : undefined;
      const { inputs, carried } = memory.combine(key, read.value, timestamp);
      if (!hasAnyVital(inputs)) return reject(RED._('news2.error.noVitals'), msg, done);

      const result = assess(inputs, scale.value);
      msg.payload = { ...payload, news2: { ...result, carried } };
      const statusKey = `${result.complete ? '' : '≥'}${result.total} ${result.band}`;
      if (statusKey !== lastStatus) {
        lastStatus = statusKey;
        const band = text(`news2.band.${result.band}`);
        const params = { total: result.total, band };
        node.status({ ...BAND_STATUS[result.band], text: result.complete ? text('news2.status.complete', params) : text('news2.status.partial', params) });
      }
      send(msg);
      done();
    });

    node.on('close', function (removed: boolean, done: () => void) {
      // Patient values live only in memory; drop them when the node stops.
      void removed;
      memory.clear();
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('news2', News2Node);
};
