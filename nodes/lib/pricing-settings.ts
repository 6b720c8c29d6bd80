// The price and grid-intensity settings that energy-probe and energy-meter share, read through
// the node kit's typed inputs. Kept apart from energy-math.ts, which stays free of Node-RED.
import type { NodeMessage } from 'node-red';
import { DEFAULT_GRID_INTENSITY, toNonNegativeNumber } from './energy-math';
import type { NodeKit } from './node-kit';

/** The price and grid-intensity settings of energy-probe and energy-meter (typed inputs). */
export type PricingConfig = Record<'price' | 'priceType' | 'currency' | 'intensity' | 'intensityType', string>;

/**
 * Reads a message's price per kWh (undefined: not set, no cost) and grid intensity (not set: the
 * default) from those settings; throws when a typed input cannot be read. `bad` names the first
 * set to anything but a non-negative number, with that value as JSON: the node decides what it costs.
 */
export function pricingReader(kit: Pick<NodeKit, 'property'>, c: PricingConfig) {
  const readPrice = kit.property(c.price, c.priceType, 'num');
  const readIntensity = kit.property(c.intensity, c.intensityType, 'num');
  return (msg: NodeMessage) => {
    const raw = { price: readPrice(msg), intensity: readIntensity(msg) };
    const read = { price: toNonNegativeNumber(raw.price), intensity: toNonNegativeNumber(raw.intensity) };
    const setting = (['price', 'intensity'] as const).find((k) => raw[k] !== undefined && read[k] === undefined);
    const bad = setting && { setting, value: JSON.stringify(raw[setting]) };
    return {
      pricePerKWh: read.price,
      intensity: read.intensity ?? DEFAULT_GRID_INTENSITY,
      currency: c.currency || '',
      bad,
    };
  };
}
