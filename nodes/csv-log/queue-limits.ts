// How many rows csv-log lets wait, from the node's settings: a memory budget in MB
// (maxQueueMB) and, beside it, an optional row limit (maxQueue), read by the pack's settings rule
// (a value the node cannot use is a configuration error). Pure: no Node-RED.
import type { SettingsReader } from '../lib/settings';

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
export function queueLimits(read: SettingsReader, config: { maxQueueMB?: unknown }): QueueLimits {
  const rows = Math.floor(read.number('maxQueue', { default: 0, min: 0 }));
  const mb = read.number('maxQueueMB', { default: DEFAULT_QUEUE_MB, min: 0 });
  if (config.maxQueueMB === undefined) {
    if (rows === 0 || rows === OLD_DEFAULT_ROWS) return { maxQueueBytes: DEFAULT_QUEUE_MB * MB, maxQueue: undefined };
    return { maxQueueBytes: Infinity, maxQueue: rows };
  }
  return { maxQueueBytes: mb > 0 ? mb * MB : Infinity, maxQueue: rows > 0 ? rows : undefined };
}
