// energy-meter: thin Node-RED adapter. Parses a smart-plug message, advances that device's
// counter, adds cost and CO2, and keeps the running sums in node context.
import type { NodeAPI, Node, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { parseMeterMessage, MeterFormat } from './detect';
import { METER_SOURCES } from './meter-reading';
import { DeviceStore, advanceDevice } from './counter';
import { DEFAULT_GRID_INTENSITY, toNonNegativeNumber } from '../lib/energy-math';
import { roundTo } from '../lib/units';
import { numberSetting } from '../lib/settings';
import { setDefaultClientId } from '../lib/mqtt-client-id';

interface EnergyMeterDef extends NodeDef {
  format: string;
  price: string;
  priceType: string;
  currency: string;
  intensity: string;
  intensityType: string;
  maxGap: string | number;
  maxDevices: string | number;
}

const CONTEXT_KEY = 'devices';

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function EnergyMeterNode(this: Node, config: EnergyMeterDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const format: MeterFormat = (METER_SOURCES as readonly string[]).includes(config.format) ? (config.format as MeterFormat) : 'auto';
    const maxGapS = numberSetting(config.maxGap, 900) > 0 ? numberSetting(config.maxGap, 900) : Infinity;
    const store = new DeviceStore(Math.max(1, Math.floor(numberSetting(config.maxDevices, 100))));
    const context = node.context();
    let loaded = false;
    let errors = 0;

    function evaluate(value: string, type: string, msg: NodeMessage): unknown {
      if (value === undefined || value === '') return undefined;
      return RED.util.evaluateNodeProperty(value, type || 'num', node, msg);
    }

    function fail(reason: string, msg: NodeMessage, done: (err?: Error) => void): void {
      errors++;
      node.status({ fill: 'red', shape: 'ring', text: `${RED._('energy-meter.status.errors')}: ${errors}` });
      // The reason (field names, values) follows the translated lead so it survives any catalogue.
      node.error(`${RED._('energy-meter.errors.bad')}: ${reason}`, msg);
      done();
    }

    node.on('input', (msg: NodeMessageInFlow, send, done) => {
      const m = msg as NodeMessage & { deviceId?: unknown; reset?: unknown };
      // The sums are restored on first use, so a context store that loads after start is honoured.
      if (!loaded) {
        store.load(context.get(CONTEXT_KEY));
        loaded = true;
      }
      if (m.reset === true) {
        store.clear();
        context.set(CONTEXT_KEY, store.toJSON());
        node.status({ fill: 'grey', shape: 'ring', text: 'energy-meter.status.reset' });
        done();
        return;
      }
      let price: number | undefined;
      let intensity: number;
      try {
        const rawPrice = evaluate(config.price, config.priceType, m);
        price = toNonNegativeNumber(rawPrice);
        if (rawPrice !== undefined && price === undefined) return fail(`${RED._('energy-meter.errors.price')} (${JSON.stringify(rawPrice)})`, m, done);
        const rawIntensity = evaluate(config.intensity, config.intensityType, m);
        const i = toNonNegativeNumber(rawIntensity);
        if (rawIntensity !== undefined && i === undefined) return fail(`${RED._('energy-meter.errors.intensity')} (${JSON.stringify(rawIntensity)})`, m, done);
        intensity = i ?? DEFAULT_GRID_INTENSITY;
      } catch (err) {
        return fail(String((err as Error)?.message ?? err), m, done);
      }

      const deviceId = typeof m.deviceId === 'string' && m.deviceId !== '' ? m.deviceId : undefined;
      const parsed = parseMeterMessage(format, typeof m.topic === 'string' ? m.topic : '', m.payload, deviceId);
      if (!parsed.ok) return fail(parsed.error, m, done);

      const now = Date.now();
      const { state } = store.touch(DeviceStore.key(parsed.reading), now);
      const { consumption, pricing, merged } = advanceDevice(state, parsed.reading, now, { maxGapS, pricePerKWh: price, intensity });
      context.set(CONTEXT_KEY, store.toJSON());

      const payload: Record<string, unknown> = {
        ...merged,
        timestamp: new Date(now).toISOString(),
        consumption: {
          ...consumption,
          kWh: roundTo(consumption.kWh, 6),
          totalKWh: roundTo(consumption.totalKWh, 6),
        },
        co2: {
          grams: roundTo(pricing.co2.grams, 3),
          totalGrams: roundTo(pricing.co2.totalGrams, 3),
          intensity: pricing.co2.intensity,
        },
      };
      if (pricing.cost) {
        payload.cost = {
          amount: roundTo(pricing.cost.amount, 6),
          total: roundTo(pricing.cost.total, 6),
          currency: config.currency || '',
          perKWh: pricing.cost.perKWh,
        };
      }
      const power = merged.power !== undefined ? `${roundTo(merged.power, 1)} W` : `${roundTo(consumption.totalKWh, 3)} kWh`;
      const text = `${merged.deviceId}: ${power}`;
      node.status(errors > 0 ? { fill: 'yellow', shape: 'dot', text: `${text} · ${`${RED._('energy-meter.status.errors')}: ${errors}`}` } : { fill: 'green', shape: 'dot', text });
      m.payload = payload;
      send(m);
      done();
    });

    node.on('close', function (removed: boolean, done: () => void) {
      // The context holds the running sums; a removed node's context is deleted by Node-RED itself.
      if (!removed && loaded) context.set(CONTEXT_KEY, store.toJSON());
      done();
    });
  }
  RED.nodes.registerType('he-energy-meter', EnergyMeterNode);
};
