// How many rows csv-log lets wait, from the node's settings: a memory budget in MB
// (maxQueueMB) and an optional row limit (maxQueue). Pure: no Node-RED.
import type { SettingsReader } from '../lib/settings';

export const DEFAULT_QUEUE_MB = 100;
const MB = 1024 * 1024;

/**
 * Bytes (Infinity: no budget) and rows (undefined: no limit). A flow saved before the budget
 * existed has no maxQueueMB: its row limit of 10000, the old default the editor saved into
 * every node, becomes the default budget; any other count keeps its meaning (that many rows,
 * no budget). The editor migrates such a node the same way (csv-log.html).
 */
export function queueLimits(
  read: SettingsReader,
  config: { maxQueueMB?: unknown },
): { maxQueueBytes: number; maxQueue: number | undefined } {
  const rows = Math.floor(read.number('maxQueue', { default: 0, min: 0 }));
  const mb = read.number('maxQueueMB', { default: DEFAULT_QUEUE_MB, min: 0 });
  if (config.maxQueueMB === undefined) {
    if (rows === 0 || rows === 10000) return { maxQueueBytes: DEFAULT_QUEUE_MB * MB, maxQueue: undefined };
    return { maxQueueBytes: Infinity, maxQueue: rows };
  }
  return { maxQueueBytes: mb > 0 ? mb * MB : Infinity, maxQueue: rows > 0 ? rows : undefined };
}
