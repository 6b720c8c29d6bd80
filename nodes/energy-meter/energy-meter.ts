// energy-meter node: reads a smart plug's message (Tasmota, Shelly, plain JSON), advances that
// device's energy counter and adds cost and CO2. The running sums are kept in the node's context,
// so they go on across a restart.
import type { NodeAPI, NodeDef } from 'node-red';
import { METER_SOURCES, parseMeterMessage } from './parsers';
import { DeviceStore, advanceDevice } from './counter';
import { pricingReader, type PricingConfig } from '../lib/pricing-settings';
import { roundTo } from '../lib/units';
import { defineNode } from '../lib/node-kit';

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-energy-meter',
    settings: (read) => ({
      format: read.choice('format', ['auto', ...METER_SOURCES], 'auto'),
      maxGapS: read.number('maxGap', { default: 900, min: 0 }) || Infinity,
      maxDevices: read.number('maxDevices', { default: 100, min: 1, whole: true }),
    }),
    start(kit, s, config: NodeDef & PricingConfig) {
      const store = new DeviceStore(s.maxDevices);
      const saved = kit.persist({ key: 'devices', snapshot: () => store.toJSON(), periodMs: 1000 });
      saved.load((devices) => store.load(devices));
      const readPricing = pricingReader(kit, config);
      const errorsText = () => `${kit.text('status.errors')}: ${kit.rejected}`;

      return {
        rejectedStatus: () => ({ fill: 'red', shape: 'ring', text: errorsText() }),
        input(msg, send, done) {
          // The reason (field names, values) follows the translated lead, so it survives any catalogue.
          const reject = (reason: string) => kit.reject(msg, `${kit.text('errors.bad')}: ${reason}`, null, done);
          if (msg.reset === true) {
            store.clear();
            saved.changed(true);
            kit.statusNow({ fill: 'grey', shape: 'ring', text: kit.text('status.reset') });
            return done();
          }
          let pricing;
          try {
            pricing = readPricing(msg);
          } catch (err) {
            return reject((err as Error).message);
          }
          if (pricing.bad) return reject(`${kit.text(`errors.${pricing.bad.setting}`)} (${pricing.bad.value})`);
          const deviceId = typeof msg.deviceId === 'string' && msg.deviceId !== '' ? msg.deviceId : undefined;
          const topic = typeof msg.topic === 'string' ? msg.topic : '';
          const parsed = parseMeterMessage(s.format, topic, msg.payload, deviceId);
          if (!parsed.ok) return reject(parsed.error);

          const now = Date.now();
          const key = DeviceStore.key(parsed.reading);
          const { state, isNew } = store.touch(key, now);
          const { consumption, co2, cost, merged } = advanceDevice(state, parsed.reading, now, {
            maxGapS: s.maxGapS,
            ...pricing,
          });
          saved.changed(isNew);

          const payload = {
            ...merged,
            timestamp: new Date(now).toISOString(),
            consumption,
            co2,
            ...(cost && { cost }),
          };
          const power =
            merged.power !== undefined ? `${roundTo(merged.power, 1)} W` : `${roundTo(state.totalKWh, 3)} kWh`;
          const text = `${merged.deviceId}: ${power}`;
          kit.status(`${text} ${kit.rejected}`, () =>
            kit.rejected > 0
              ? { fill: 'yellow', shape: 'dot', text: `${text} · ${errorsText()}` }
              : { fill: 'green', shape: 'dot', text },
          );
          msg.payload = payload;
          send(msg);
          done();
        },
      };
    },
  });
};
