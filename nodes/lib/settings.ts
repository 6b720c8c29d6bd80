// Numbers from a node's editor settings. The editor saves them as strings or numbers, and a
// flow from an older version may lack them, so every node reads them the same forgiving way:
// a setting that is empty, missing or not a usable number falls back to the default.

/** The number a setting holds, or undefined when it is empty or not a finite number. */
function settingValue(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A numeric setting of at least `min`, else `fallback`. */
export function numberSetting(v: unknown, fallback: number, min = -Infinity): number {
  const n = settingValue(v);
  return n !== undefined && n >= min ? n : fallback;
}

/** A whole-number setting (negative allowed), else `fallback`. */
export function wholeNumberSetting(v: unknown, fallback: number): number {
  const n = settingValue(v);
  return n !== undefined && Number.isInteger(n) ? n : fallback;
}
