// news2 node: scores a reading from vitals-parse by NEWS2 and adds msg.payload.news2.
// Thin adapter: scoring, banding, input checks and the per-patient memory are in
// plain modules beside this file.

import type { Node, NodeAPI, NodeDef, NodeMessageInFlow, NodeStatus } from 'node-red';
import { assess } from './assess';
import { BANDS, type Band } from './band';
import { VitalsMemory } from './combine';
import { hasAnyVital, readInputs, resolveScale, type InputError } from './input';
import { withNews2 } from './output';
import type { Spo2Scale } from './score';
import { cachedText } from '../lib/cached-text';
import { isPlainObject } from '../lib/plain-data';
import { numberSetting } from '../lib/settings';
import { statusGate } from '../lib/status-gate';
import { setDefaultClientId } from '../lib/mqtt-client-id';

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

const BAND_INDEX: Record<Band, number> = { low: 0, 'low-medium': 1, medium: 2, high: 3 };

/**
 * The status a score shows, named by one string per (total, band, partial) so that the
 * status gate can drop an unchanged one; the strings are made once, not per message.
 */
const statusKeys: string[] = [];
function statusKeyOf(total: number, band: Band, complete: boolean): string {
  const i = (total * BANDS.length + BAND_INDEX[band]) * 2 + (complete ? 1 : 0);
  return (statusKeys[i] ??= `${complete ? '' : '≥'}${total} ${band}`);
}

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function News2Node(this: Node, config: News2NodeDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const nodeScale: Spo2Scale = String(config.scale) === '2' ? 2 : 1;
    const memory = new VitalsMemory({
      windowSeconds: numberSetting(config.combineWindow, DEFAULT_COMBINE_WINDOW_S, 0),
      maxPatients: numberSetting(config.maxPatients, DEFAULT_MAX_PATIENTS, 1),
    });
    let rejected = 0;
    // The status changes with nearly every message (patients differ): shown at most every
    // 250 ms through the gate, always ending on the latest score; rejections show at once.
    const gate = statusGate<NodeStatus>((st) => node.status(st));
    // Templates translated once (RED._ per message was costly).
    const text = cachedText((key, params) => RED._(key, params));
    // What the held status shows; the gate calls showScore when it is due. Set before every
    // update: an update dropped as unchanged has the same key, hence the same three values.
    let shownTotal = 0;
    let shownBand: Band = 'low';
    let shownComplete = true;
    const showScore = (): NodeStatus => {
      const params = { total: shownTotal, band: text(`news2.band.${shownBand}`) };
      const look = BAND_STATUS[shownBand];
      return { fill: look.fill, shape: look.shape, text: shownComplete ? text('news2.status.complete', params) : text('news2.status.partial', params) };
    };

    const describe = (e: InputError): string => {
      if (e.code === 'notReading') return RED._('news2.error.notReading');
      return RED._(`news2.error.${e.code}`, { field: e.field, value: JSON.stringify(e.value) ?? String(e.value) });
    };
    const reject = (reason: string, msg: NodeMessageInFlow, done: () => void): void => {
      rejected += 1;
      gate.now({ fill: 'red', shape: 'dot', text: RED._('news2.status.rejected', { count: rejected }) });
      node.error(reason, msg);
      done();
    };

    node.on('input', (msg, send, done) => {
      const payload = msg.payload;
      if (!isPlainObject(payload)) return reject(describe({ code: 'notReading' }), msg, done);
      const scale = resolveScale(payload.spo2Scale, nodeScale);
      if (!scale.ok) return reject(describe(scale.error), msg, done);
      const read = readInputs(payload);
      if (!read.ok) return reject(describe(read.error), msg, done);

      // Keyed by patientId, else deviceId (each in a key space of its own).
      const patientId = payload.patientId;
      const byPatient = typeof patientId === 'string' && patientId !== '';
      const deviceId = payload.deviceId;
      const key = byPatient ? patientId : typeof deviceId === 'string' && deviceId !== '' ? deviceId : undefined;
      const timestamp = typeof payload.timestamp === 'string' ? payload.timestamp : undefined;
      const { inputs, carried } = memory.combine(key, read.value, timestamp, byPatient ? 'patient' : 'device');
      if (!hasAnyVital(inputs)) return reject(RED._('news2.error.noVitals'), msg, done);

      const result = { ...assess(inputs, scale.value), carried };
      // news2 set on the reading itself, as a change node would: see output.ts for why.
      msg.payload = withNews2(payload, result);
      shownTotal = result.total;
      shownBand = result.band;
      shownComplete = result.complete;
      gate.update(statusKeyOf(result.total, result.band, result.complete), showScore);
      send(msg);
      done();
    });

    node.on('close', function (removed: boolean, done: () => void) {
      // Patient values live only in memory; drop them when the node stops.
      void removed;
      memory.clear();
      gate.close();
      node.status({});
      done();
    });
  }
  RED.nodes.registerType('he-news2', News2Node);
};
