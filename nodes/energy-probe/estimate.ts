// Host power estimate when RAPL is unreadable: the Cloud Carbon Footprint per-vCPU model, with a
// logical CPU standing in for a vCPU.

/**
 * W per logical CPU at 0 % and at 100 % load (CCF's AWS averages), W per GB of installed memory (CCF's
 * 0.000392 kWh per GB-hour), and the power usage effectiveness multiplier: 1, as a host running
 * Node-RED is rarely in a data centre.
 */
export const DEFAULT_COEFFICIENTS = Object.freeze({
  minWattsPerCore: 0.74,
  maxWattsPerCore: 3.5,
  memoryWattsPerGB: 0.392,
  pue: 1.0,
});

export type EstimateCoefficients = Record<keyof typeof DEFAULT_COEFFICIENTS, number>;

export const BYTES_PER_GB = 2 ** 30;

/** Watts for a load (0..1), logical CPUs and GB of memory: (cores × (min + load × (max − min)) + GB × memW) × PUE. */
export function estimateWatts(load: number, cores: number, memoryGB: number, c: EstimateCoefficients): number {
  const l = Math.min(1, Math.max(0, load));
  const cpuWatts = cores * (c.minWattsPerCore + l * (c.maxWattsPerCore - c.minWattsPerCore));
  return (cpuWatts + memoryGB * c.memoryWattsPerGB) * c.pue;
}

/** Checks user-supplied coefficients; returns the name of the first bad one, or undefined. */
export function invalidCoefficient(c: EstimateCoefficients): keyof EstimateCoefficients | undefined {
  for (const k of ['minWattsPerCore', 'maxWattsPerCore', 'memoryWattsPerGB'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] >= 0)) return k;
  }
  if (c.maxWattsPerCore < c.minWattsPerCore) return 'maxWattsPerCore';
  if (!(Number.isFinite(c.pue) && c.pue >= 1)) return 'pue';
  return undefined;
}
