// energy-probe's "text from a host's monitor" source: each message's text (monitor-text.ts) becomes
// a sample of the host named in msg.host or the node's Host setting, sent as the probe sends its
// own. No timer, no systeminformation: this host is not sampled in this mode.
import { parseMonitorText } from './monitor-text';
import type { Msg, NodeKit, NodeParts } from '../lib/node-kit';

export interface MonitorInputSettings {
  /** The node's Host setting, as typed ('' = only msg.host). */
  host: string;
  /** The node's Topic setting, as typed ('' = energy/usage/<host>). */
  topic: string;
}

function hostOf(msg: Msg, fallback: string): string {
  const given = typeof msg.host === 'string' ? msg.host.trim() : '';
  return given !== '' ? given : fallback;
}

export function monitorInput(kit: NodeKit, s: MonitorInputSettings): NodeParts {
  let received = 0;
  return {
    rejectedStatus: (count) => ({
      fill: 'red',
      shape: 'ring',
      text: kit.text('status.monitorRejected', { count: received, rejected: count }),
    }),
    input(msg, send, done) {
      const host = hostOf(msg, s.host);
      if (host === '') return kit.reject(msg, kit.text('errors.noHost'), null, done);
      const r = parseMonitorText(msg.payload, host, new Date());
      if (!r.ok) return kit.reject(msg, `${kit.text('errors.monitorText')}: ${r.reason}`, null, done);
      received++;
      msg.topic = s.topic || `energy/usage/${host}`;
      msg.payload = r.sample;
      kit.status(kit.rejected === 0 ? received : `${received}/${kit.rejected}`, () =>
        kit.rejected === 0
          ? { fill: 'green', shape: 'dot', text: kit.text('status.monitor', { count: received, host }) }
          : {
              fill: 'red',
              shape: 'ring',
              text: kit.text('status.monitorRejected', { count: received, rejected: kit.rejected }),
            },
      );
      send(msg);
      done();
    },
  };
}
