// news2 node: scores a reading from vitals-parse by NEWS2 and adds msg.payload.news2; the logic
// is in the modules beside this file, the plumbing in the node kit.
import type { NodeAPI, NodeStatus } from 'node-red';
import { VitalsMemory } from './combine';
import { hasAnyVital, readInputs, resolveScale, type InputError } from './input';
import { withNews2 } from './output';
import { assess, type Band } from './score';
import { defineNode } from '../lib/node-kit';
import { isPlainObject } from '../lib/plain-data';

const BAND_LOOK: Record<Band, Pick<NodeStatus, 'fill' | 'shape'>> = {
  low: { fill: 'green', shape: 'dot' },
  'low-medium': { fill: 'yellow', shape: 'dot' },
  medium: { fill: 'red', shape: 'ring' },
  high: { fill: 'red', shape: 'dot' },
};

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-news2',
    settings: (read) => ({
      scale: read.choice('scale', ['1', '2'], '1') === '2' ? (2 as const) : (1 as const),
      windowSeconds: read.number('combineWindow', { default: 300, min: 0 }),
      maxPatients: read.number('maxPatients', { default: 1000, min: 1, whole: true }),
    }),
    start(kit, settings) {
      const memory = new VitalsMemory({ windowSeconds: settings.windowSeconds, maxPatients: settings.maxPatients });
      const describe = (e: InputError): string =>
        e.code === 'notReading'
          ? kit.text('error.notReading')
          : kit.text(`error.${e.code}`, { field: e.field, value: JSON.stringify(e.value) ?? String(e.value) });

      return {
        rejectedStatus: (count) => ({ fill: 'red', shape: 'dot', text: kit.text('status.rejected', { count }) }),
        input(msg, send, done) {
          const payload = msg.payload;
          if (!isPlainObject(payload)) return kit.reject(msg, describe({ code: 'notReading' }), null, done);
          const scale = resolveScale(payload.spo2Scale, settings.scale);
          if (!scale.ok) return kit.reject(msg, describe(scale.error), null, done);
          const read = readInputs(payload);
          if (!read.ok) return kit.reject(msg, describe(read.error), null, done);

          // Keyed by patientId, else deviceId (each in a key space of its own).
          const { patientId, deviceId } = payload;
          const byPatient = typeof patientId === 'string' && patientId !== '';
          const key = byPatient ? patientId : typeof deviceId === 'string' && deviceId !== '' ? deviceId : undefined;
          const timestamp = typeof payload.timestamp === 'string' ? payload.timestamp : undefined;
          const { inputs, carried } = memory.combine(key, read.value, timestamp, byPatient ? 'patient' : 'device');
          if (!hasAnyVital(inputs)) return kit.reject(msg, kit.text('error.noVitals'), null, done);

          // Each field named: spreading the assessment into a new object cost more than scoring it.
          const { total, band, scores, complete, missing } = assess(inputs, scale.value);
          msg.payload = withNews2(payload, { total, band, scores, complete, missing, scale: scale.value, carried });
          kit.status(`${complete ? '' : '≥'}${total} ${band}`, () => {
            const params = { total, band: kit.text(`band.${band}`) };
            return { ...BAND_LOOK[band], text: kit.text(complete ? 'status.complete' : 'status.partial', params) };
          });
          send(msg);
          done();
        },
        // Patient values live only in memory.
        close: () => memory.clear(),
      };
    },
  });
};
