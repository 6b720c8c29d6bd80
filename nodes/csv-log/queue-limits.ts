// How many rows csv-log lets wait, from the node's settings: a memory budget in MB
// (maxQueueMB) and, beside it, an optional row limit (maxQueue). Pure: no Node-RED.
import { numberSetting } from '../lib/settings';

export const DEFAULT_QUEUE_MB = 100;
/** The row limit the editor offered before the memory budget existed. */
export const OLD_DEFAULT_ROWS = 10000;
const MB = 1024 * 1024;

export interface QueueLimits {
  /** Bytes (rowBytes() per row); Infinity: no budget. */
  maxQueueBytes: number;
  /** Rows; undefined: no row limit. */
  maxQueue: number | undefined;
}

/**
 * A flow saved before the budget existed has no maxQueueMB. Its maxQueue was then the only
 * limit: the old default (10000, which the editor saved into every node) becomes the default
 * budget, since 10,000 rows were too few for a broker's backlog; any other count was chosen
 * by someone and keeps its meaning exactly: that many rows, no budget. The editor migrates
 * such a node the same way when it is opened (csv-log.html).
 */
export function queueLimits(config: { maxQueueMB?: unknown; maxQueue?: unknown }): QueueLimits {
  const rows = Math.floor(numberSetting(config.maxQueue, 0, 1));
  if (config.maxQueueMB === undefined) {
    if (rows === 0 || rows === OLD_DEFAULT_ROWS) return { maxQueueBytes: DEFAULT_QUEUE_MB * MB, maxQueue: undefined };
    return { maxQueueBytes: Infinity, maxQueue: rows };
  }
  const mb = numberSetting(config.maxQueueMB, DEFAULT_QUEUE_MB, 0);
  return { maxQueueBytes: mb > 0 ? mb * MB : Infinity, maxQueue: rows > 0 ? rows : undefined };
}
