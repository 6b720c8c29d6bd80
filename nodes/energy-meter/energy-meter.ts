// energy-meter node: reads a smart plug's message (Tasmota, Shelly, plain JSON), advances that
// device's energy counter and adds cost and CO2. The running sums are kept in the node's context,
// so they go on across a restart.
import type { NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { METER_SOURCES, parseMeterMessage } from './parsers';
import { DeviceStore, advanceDevice } from './counter';
import { DEFAULT_GRID_INTENSITY, toNonNegativeNumber } from '../lib/energy-math';
import { roundTo } from '../lib/units';
import { defineNode } from '../lib/node-kit';

interface EnergyMeterDef extends NodeDef {
  price: string;
  priceType: string;
  currency: string;
  intensity: string;
  intensityType: string;
}

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-energy-meter',
    settings: (read) => ({
      format: read.choice('format', ['auto', ...METER_SOURCES], 'auto'),
      maxGapS: read.number('maxGap', { default: 900, min: 0 }) || Infinity,
      maxDevices: read.number('maxDevices', { default: 100, min: 1, whole: true }),
    }),
    start(kit, s, config: EnergyMeterDef) {
      const store = new DeviceStore(s.maxDevices);
      const saved = kit.persist({ key: 'devices', snapshot: () => store.toJSON(), periodMs: 1000 });
      saved.load((devices) => store.load(devices));
      const readPrice = kit.property(config.price, config.priceType, 'num');
      const readIntensity = kit.property(config.intensity, config.intensityType, 'num');
      const errorsText = () => `${kit.text('status.errors')}: ${kit.rejected}`;
      /** A non-negative number, undefined when not set; throws when set to anything else. */
      const nonNegative = (read: (msg: NodeMessage) => unknown, msg: NodeMessage, errorKey: string) => {
        const raw = read(msg);
        const n = toNonNegativeNumber(raw);
        if (raw !== undefined && n === undefined) throw new Error(`${kit.text(errorKey)} (${JSON.stringify(raw)})`);
        return n;
      };

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
          let pricePerKWh: number | undefined;
          let intensity: number;
          try {
            pricePerKWh = nonNegative(readPrice, msg, 'errors.price');
            intensity = nonNegative(readIntensity, msg, 'errors.intensity') ?? DEFAULT_GRID_INTENSITY;
          } catch (err) {
            return reject((err as Error).message);
          }
          const deviceId = typeof msg.deviceId === 'string' && msg.deviceId !== '' ? msg.deviceId : undefined;
          const topic = typeof msg.topic === 'string' ? msg.topic : '';
          const parsed = parseMeterMessage(s.format, topic, msg.payload, deviceId);
          if (!parsed.ok) return reject(parsed.error);

          const now = Date.now();
          const key = DeviceStore.key(parsed.reading);
          const { state, isNew } = store.touch(key, now);
          const { consumption, pricing, merged } = advanceDevice(state, parsed.reading, now, {
            maxGapS: s.maxGapS,
            pricePerKWh,
            currency: config.currency || '',
            intensity,
          });
          saved.changed(isNew);

          const payload: Record<string, unknown> = {
            ...merged,
            timestamp: new Date(now).toISOString(),
            consumption,
            co2: pricing.co2,
          };
          if (pricing.cost) payload.cost = pricing.cost;
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
