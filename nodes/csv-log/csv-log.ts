// Node-RED adapter for csv-log: turns messages into rows for CsvLogger and reports back
// with send/done, status and node.error. The CSV, naming and file logic live in the pure
// modules beside it.
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { CsvLogger, LogResult, RetryInfo } from './csv-logger';
import { durabilityPolicy } from './csv-file-writer';
import { parseColumnList } from '../lib/csv-encode';
import { isPlainObject } from '../lib/plain-data';
import { resolveInside, UnsafePathError } from '../lib/safe-path';
import { baseFolder, DEFAULT_FILENAME } from './base-folder';
import { NamePattern, PatternError, TimeZone } from './name-pattern';
import { checkColumnDefs, ColumnDef, rowBuilder } from './columns';
import { repairTornFiles, RetentionAction, runRetention } from './retention';
import { numberSetting } from '../lib/settings';
import { queueLimits } from './queue-limits';
import { BoundedMemo } from '../lib/bounded-memo';
import { cachedText } from '../lib/cached-text';
import { statusGate } from '../lib/status-gate';
import { setDefaultClientId } from '../lib/mqtt-client-id';

interface CsvLogDef extends NodeDef {
  baseDir?: string;
  filename?: string;
  filenameType?: string;
  timeZone?: string;
  columnMode?: string;
  columns?: string;
  columnDefs?: ColumnDef[];
  newFields?: string;
  durability?: string;
  flushMs?: number | string;
  maxQueue?: number | string;
  maxQueueMB?: number | string;
  maxSizeMB?: number | string;
  retentionDays?: number | string;
  retentionAction?: string;
  injectionGuard?: boolean;
  bom?: boolean;
}

const HOUR = 3600000;
/** Most distinct file names remembered with their checked path. */
const NAME_CACHE = 256;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'Buffer';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

type Done = (err?: Error) => void;
const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
type Send = (m: NodeMessage) => void;
type Status = { fill: 'red' | 'green' | 'yellow'; shape: 'dot' | 'ring'; text: string };

export = function (RED: NodeAPI) {
  // The example flows' mqtt-broker node takes its client id from HE_MQTT_CLIENT_ID.
  setDefaultClientId(RED.settings.userDir);
  function CsvLogNode(this: Node, config: CsvLogDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    // Status texts translated once per key; the batch status shown at most every 250 ms.
    const text = cachedText((key, params) => RED._(key, params));
    const status = statusGate<Status>((s) => node.status(s));
    const base = baseFolder(config.baseDir, RED.settings.userDir as string | undefined);
    const filename = config.filename ?? DEFAULT_FILENAME;
    const filenameType = config.filenameType || 'str';
    const timeZone: TimeZone = config.timeZone === 'utc' ? 'utc' : 'local';
    const defs = Array.isArray(config.columnDefs) ? config.columnDefs : [];
    const columnMode = config.columnMode || (parseColumnList(config.columns).length > 0 ? 'names' : 'auto');
    const retentionDays = numberSetting(config.retentionDays, 0, 0);
    const retentionAction: RetentionAction = config.retentionAction === 'gzip' ? 'gzip' : 'delete';
    let errors = 0;
    let dropped = 0;
    let lastRetryReport = 0;

    // A configured name is a pattern; a name from msg/flow/global/env is used as it is.
    let pattern: NamePattern | null = null;
    let configError: string | null = null;
    if (filenameType === 'str') {
      try {
        pattern = NamePattern.compile(filename, timeZone);
      } catch (err) {
        configError = (err as Error).message;
      }
    }
    let buildRow: ((msg: unknown) => Record<string, unknown>) | null = null;
    if (columnMode === 'typed') {
      const reason = checkColumnDefs(defs);
      if (reason) configError = RED._('csv-log.errors.bad-columns', { reason });
      else if (defs.length === 0) configError = RED._('csv-log.errors.bad-columns', { reason: 'the list is empty' });
      else {
        buildRow = rowBuilder(defs, (value, type, msg) =>
          RED.util.evaluateNodeProperty(value, type, node, msg as NodeMessage),
        );
      }
    }
    const columns =
      columnMode === 'typed' ? defs.map((d) => d.name.trim()) : columnMode === 'names' ? parseColumnList(config.columns) : [];

    const logger = new CsvLogger({
      columns,
      newFields: config.newFields === 'new-file' ? 'new-file' : 'ignore',
      // Missing (a flow from before the option existed) counts as on, the editor's default.
      bom: config.bom !== false,
      encode: { injectionGuard: config.injectionGuard !== false },
      durability: durabilityPolicy(config.durability, numberSetting(config.flushMs, 1000, 1)),
      ...queueLimits(config),
      maxBytes: Math.floor(numberSetting(config.maxSizeMB, 0, 0) * 1024 * 1024),
      confineTo: base,
      onBatch: (l) => {
        if (!l.last) return;
        const { filename, rows } = l.last;
        const pending = l.pending;
        status.update(`${filename}\u0000${rows}\u0000${pending}`, () => {
          const file = path.basename(filename);
          return pending > 0
            ? { fill: 'yellow', shape: 'dot', text: text('csv-log.status.backlog', { file, rows, pending }) }
            : { fill: 'green', shape: 'dot', text: text('csv-log.status.rows', { file, rows }) };
        });
      },
      onRetry: (info: RetryInfo) => {
        const code = (info.error as NodeJS.ErrnoException).code ?? 'error';
        status.now({
          fill: 'red',
          shape: 'ring',
          text: text('csv-log.status.retrying', { error: code, seconds: Math.ceil(info.delayMs / 1000), pending: info.pending }),
        });
        // The first failure, then at most once a minute while it lasts: enough to alarm on.
        const now = Date.now();
        if (info.attempt === 1 || now - lastRetryReport >= 60000) {
          lastRetryReport = now;
          node.error(RED._('csv-log.errors.retrying', { error: info.error.message, attempt: info.attempt, pending: info.pending }), {
            topic: 'csv-log/retry',
            payload: { error: info.error.message, code, attempt: info.attempt, pending: info.pending },
          } as NodeMessage);
        }
      },
      onRecover: (attempts) => node.log(RED._('csv-log.errors.recovered', { attempts })),
    });

    function fail(err: Error | string, msg: NodeMessageInFlow, done: Done) {
      errors++;
      const reason = typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message);
      status.now({ fill: 'red', shape: 'ring', text: text('csv-log.status.error', { error: reason.slice(0, 60), count: errors }) });
      node.error(err, msg);
      done();
    }

    // Checked paths by name: the path rules run once per distinct name, not once per row.
    const resolved = new BoundedMemo<string>(NAME_CACHE);
    /** The absolute file for a name, or a translated reason it was refused. */
    function resolveFile(name: unknown): string | { refused: string } {
      if (typeof name === 'string') {
        const hit = resolved.get(name);
        if (hit !== undefined) return hit;
      }
      try {
        const file = resolveInside(base, name);
        return resolved.set(name as string, file);
      } catch (err) {
        const code = err instanceof UnsafePathError ? err.code : 'not-string';
        return { refused: RED._(`csv-log.errors.path-${code}`, { name: JSON.stringify(String(name)).slice(0, 80) }) };
      }
    }

    // A configured name without tokens names one file: checked once here, not per row.
    const fixedTarget = pattern && !pattern.hasDate && !pattern.hasFields ? resolveFile(pattern.expand(null, 0)) : null;

    /** The checked file for this message, or a reason (translated text or error) it has none. */
    function targetFor(msg: NodeMessageInFlow, p: NamePattern): string | { refused: string } | Error {
      if (fixedTarget !== null) return fixedTarget;
      let name: string;
      try {
        name = p.expand(msg, Date.now());
      } catch (err) {
        if (err instanceof PatternError) return { refused: RED._(`csv-log.errors.${err.code}`, { field: err.detail }) };
        return err as Error;
      }
      return resolveFile(name);
    }

    function settled(err: Error | null, result: LogResult | null, msg: NodeMessageInFlow, send: Send, done: Done) {
      if (err || !result) return fail(err ?? new Error('row not written'), msg, done);
      if (result.newExtraKeys) {
        node.warn(RED._('csv-log.errors.extra-keys', { file: result.filename, keys: result.newExtraKeys.join(', ') }));
      }
      const out = msg as NodeMessageInFlow & { filename?: string; row?: number };
      out.filename = result.filename;
      out.row = result.row;
      send(out);
      done();
    }

    function write(file: string, row: Record<string, unknown>, msg: NodeMessageInFlow, send: Send, done: Done) {
      if (!logger.push(file, row, (err, result) => settled(err, result, msg, send, done))) {
        dropped++;
        const pending = logger.pending;
        status.now({ fill: 'red', shape: 'ring', text: text('csv-log.status.dropped', { dropped, pending }) });
        // Under a burst this runs for every row refused: the text is built from a cached template.
        const limit = pending >= logger.maxQueue ? text('csv-log.errors.limit-rows', { rows: logger.maxQueue }) : text('csv-log.errors.limit-mb', { mb: mb(logger.maxQueueBytes) });
        node.error(text('csv-log.errors.queue-full', { pending, mb: mb(logger.pendingBytes), limit, dropped }), msg);
        done();
      }
    }

    function writeTo(target: string | { refused: string } | Error, row: Record<string, unknown>, msg: NodeMessageInFlow, send: Send, done: Done) {
      if (target instanceof Error) return fail(target, msg, done);
      if (typeof target !== 'string') return fail(target.refused, msg, done);
      write(target, row, msg, send, done);
    }

    if (configError) status.now({ fill: 'red', shape: 'ring', text: configError.slice(0, 60) });

    node.on('input', (msg: NodeMessageInFlow, send: Send, done: Done) => {
      if (configError) return fail(configError, msg, done);
      let row: Record<string, unknown>;
      if (buildRow) {
        try {
          row = buildRow(msg);
        } catch (err) {
          return fail(err as Error, msg, done);
        }
      } else {
        const payload = (msg as { payload?: unknown }).payload;
        if (!isPlainObject(payload)) {
          return fail(RED._('csv-log.errors.not-object', { type: typeName(payload) }), msg, done);
        }
        row = payload;
      }
      if (pattern) return writeTo(targetFor(msg, pattern), row, msg, send, done);
      // A name from msg/flow/global/env is used as it is (it may be evaluated asynchronously).
      RED.util.evaluateNodeProperty(filename, filenameType, node, msg, (err: Error | null | undefined, name: unknown) => {
        if (err) return fail(err, msg, done);
        writeTo(resolveFile(name), row, msg, send, done);
      });
    });

    // Retention (and, once at start, repair of torn files the node will not reopen).
    let retentionTimer: NodeJS.Timeout | null = null;
    let sweeping: Promise<void> = Promise.resolve();
    const sweep = () => {
      if (!pattern) return;
      const p = pattern;
      sweeping = runRetention({ base, pattern: p, days: retentionDays, action: retentionAction, skip: logger.openFiles() })
        .then((r) => {
          for (const e of r.errors) node.warn(RED._('csv-log.errors.retention', { error: e.message }));
          const n = r.deleted.length + r.compressed.length;
          if (n > 0) node.log(RED._('csv-log.errors.retention-done', { deleted: r.deleted.length, compressed: r.compressed.length }));
        })
        .catch((e: Error) => node.warn(RED._('csv-log.errors.retention', { error: e.message })));
    };
    if (pattern && !configError) {
      const p = pattern;
      sweeping = repairTornFiles(base, p, logger.openFiles())
        .then((files) => {
          for (const f of files) node.log(RED._('csv-log.errors.repaired', { file: f }));
        })
        .catch(() => undefined);
      logger.holdUntil(sweeping);
      if (retentionDays > 0) {
        void sweeping.then(sweep);
        retentionTimer = setInterval(sweep, HOUR);
        retentionTimer.unref?.();
      }
    }

    // Two plain parameters: Node-RED passes `done` only to handlers declared with two.
    node.on('close', function (_removed: boolean, done: () => void) {
      if (retentionTimer) clearInterval(retentionTimer);
      // Node-RED hands each message over in a setImmediate of its own, and keeps this node's
      // input open until `done`. Rows sent to it before the stop began are still on their way
      // (e.g. readings that mqtt in had already acknowledged to the broker): let them arrive,
      // one turn of the event loop, so that they are written rather than refused.
      new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => sweeping)
        .then(() => logger.close())
        .finally(() => status.close())
        .then(
          (closeErrors) => {
            for (const e of closeErrors) node.error(e);
            done();
          },
          (e: Error) => {
            node.error(e);
            done();
          },
        );
    });
  }

  RED.nodes.registerType('he-csv-log', CsvLogNode);
};
