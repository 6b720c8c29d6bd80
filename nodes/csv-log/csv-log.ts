// csv-log node: writes each message as a row of a CSV file and sends it on with msg.filename and
// msg.row once the row is written; an adapter over the modules beside it and the node kit.
import path from 'path';
import type { NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { CsvLogger, type LogResult, RetryInfo } from './csv-logger';
import { parseColumnList } from '../lib/csv-encode';
import { isPlainObject } from '../lib/plain-data';
import { resolveInside, UnsafePathError } from '../lib/safe-path';
import { baseFolder, DEFAULT_FILENAME } from './base-folder';
import { NamePattern, PatternError } from './name-pattern';
import { checkColumnDefs, ColumnDef, rowBuilder } from './columns';
import { repairTornFiles, runRetention } from './retention';
import { queueLimits } from './queue-limits';
import { LruMap } from '../lib/lru-map';
import { defineNode, type Done, type Msg, type Send } from '../lib/node-kit';

interface CsvLogDef extends NodeDef {
  baseDir?: string;
  filename?: string;
  filenameType?: string;
  columns?: string;
  columnDefs?: ColumnDef[];
  durability?: string;
  injectionGuard?: boolean;
  bom?: boolean;
  maxQueueMB?: number | string;
}

const HOUR = 3600000;
const MB = 1024 * 1024;
/** Most distinct file names remembered with their checked path. */
const NAME_CACHE = 256;

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return v.constructor?.name ?? 'object';
  return typeof v;
}

/** A file to write to, or why there is none (a translated text, or an error). */
type Target = string | { refused: string | Error };

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-csv-log',
    settings(read, config: CsvLogDef) {
      const filenameType = config.filenameType || 'str';
      const filename = config.filename ?? DEFAULT_FILENAME;
      const timeZone = read.choice('timeZone', ['local', 'utc'], 'local');
      const defs = Array.isArray(config.columnDefs) ? config.columnDefs : [];
      const names = parseColumnList(config.columns);
      const columnMode = read.choice('columnMode', ['auto', 'names', 'typed'], names.length > 0 ? 'names' : 'auto');
      if (columnMode === 'typed') {
        const reason = checkColumnDefs(defs) ?? (defs.length === 0 ? 'the list is empty' : null);
        if (reason) read.invalid(RED._('csv-log.errors.bad-columns', { reason }));
      }
      return {
        base: baseFolder(config.baseDir, RED.settings.userDir),
        filename,
        filenameType,
        // A configured name is a pattern; a name from msg/flow/global/env is used as it is.
        pattern: filenameType === 'str' ? NamePattern.compile(filename, timeZone) : null,
        columnMode,
        defs,
        columns: columnMode === 'typed' ? defs.map((d) => d.name.trim()) : columnMode === 'names' ? names : [],
        newFields: read.choice('newFields', ['ignore', 'new-file'], 'ignore'),
        flushMs: read.number('flushMs', { default: 1000, min: 1 }),
        maxSizeMB: read.number('maxSizeMB', { default: 0, min: 0 }),
        retentionDays: read.number('retentionDays', { default: 0, min: 0 }),
        retentionAction: read.choice('retentionAction', ['delete', 'gzip'], 'delete'),
        queue: queueLimits(read, config),
      };
    },
    start(kit, s, config) {
      const { base, pattern } = s;
      const buildRow =
        s.columnMode === 'typed'
          ? rowBuilder(s.defs, (value, type, msg) =>
              RED.util.evaluateNodeProperty(value, type, kit.node, msg as NodeMessage),
            )
          : null;
      let lastRetryReport = 0;
      let dropped = 0;
      /** The status a rejection shows: the queue's when a row was refused for a full queue. */
      let queueFull = false;
      const logger = new CsvLogger({
        columns: s.columns,
        newFields: s.newFields,
        // Missing (a flow from before the option existed) counts as on, the editor's default.
        bom: config.bom !== false,
        encode: { injectionGuard: config.injectionGuard !== false },
        durability: config.durability,
        flushMs: s.flushMs,
        ...s.queue,
        maxBytes: Math.floor(s.maxSizeMB * MB),
        confineTo: base,
        onBatch: (l) => {
          if (!l.last) return;
          const { filename, rows } = l.last;
          const pending = l.pending;
          kit.status(`${filename}\u0000${rows}\u0000${pending}`, () => {
            const file = path.basename(filename);
            return pending > 0
              ? { fill: 'yellow', shape: 'dot', text: kit.text('status.backlog', { file, rows, pending }) }
              : { fill: 'green', shape: 'dot', text: kit.text('status.rows', { file, rows }) };
          });
        },
        onRetry: retrying,
        onRecover: (attempts) => kit.node.log(kit.text('errors.recovered', { attempts })),
      });

      function retrying(info: RetryInfo) {
        const code = (info.error as NodeJS.ErrnoException).code ?? 'error';
        const seconds = Math.ceil(info.delayMs / 1000);
        const text = kit.text('status.retrying', { error: code, seconds, pending: info.pending });
        kit.statusNow({ fill: 'red', shape: 'ring', text });
        // The first failure, then at most once a minute while it lasts: enough to alarm on.
        const now = Date.now();
        if (info.attempt !== 1 && now - lastRetryReport < 60000) return;
        lastRetryReport = now;
        const payload = { error: info.error.message, code, attempt: info.attempt, pending: info.pending };
        kit.node.error(RED._('csv-log.errors.retrying', payload), { topic: 'csv-log/retry', payload });
      }

      // Checked paths by name: the path rules run once per distinct name, not once per row.
      const resolved = new LruMap<string>(NAME_CACHE);
      function resolveFile(name: unknown): Target {
        const hit = typeof name === 'string' ? resolved.peek(name) : undefined;
        if (hit !== undefined) return hit;
        try {
          const file = resolveInside(base, name);
          resolved.set(name as string, file);
          return file;
        } catch (err) {
          const code = err instanceof UnsafePathError ? err.code : 'not-string';
          return { refused: RED._(`csv-log.errors.path-${code}`, { name: JSON.stringify(String(name)).slice(0, 80) }) };
        }
      }
      // A configured name without tokens names one file: checked once here, not per row.
      const fixedTarget =
        pattern && !pattern.hasDate && !pattern.hasFields ? resolveFile(pattern.expand(null, 0)) : null;
      function targetFor(msg: Msg, p: NamePattern): Target {
        if (fixedTarget !== null) return fixedTarget;
        try {
          return resolveFile(p.expand(msg, Date.now()));
        } catch (err) {
          if (err instanceof PatternError)
            return { refused: RED._(`csv-log.errors.${err.code}`, { field: err.detail }) };
          return { refused: err as Error };
        }
      }

      function settled(err: Error | null, result: LogResult | null, msg: Msg, send: Send, done: Done) {
        if (err || !result) return kit.reject(msg, err ?? new Error('row not written'), null, done);
        if (result.newExtraKeys)
          kit.node.warn(kit.text('errors.extra-keys', { file: result.filename, keys: result.newExtraKeys.join(', ') }));
        msg.filename = result.filename;
        msg.row = result.row;
        send(msg);
        done();
      }

      function writeTo(target: Target, row: Record<string, unknown>, msg: Msg, send: Send, done: Done) {
        if (typeof target !== 'string') return kit.reject(msg, target.refused, null, done);
        if (logger.push(target, row, (err, result) => settled(err, result, msg, send, done))) return;
        // Refused as a full queue: under a burst this runs for every row, so cached templates.
        dropped++;
        queueFull = true;
        const { pending, maxQueue } = logger;
        const limit =
          pending >= maxQueue
            ? kit.text('errors.limit-rows', { rows: maxQueue })
            : kit.text('errors.limit-mb', { mb: (logger.maxQueueBytes / MB).toFixed(1) });
        const mb = (logger.pendingBytes / MB).toFixed(1);
        kit.reject(msg, kit.text('errors.queue-full', { pending, mb, limit, dropped }), null, done);
      }

      // Retention, and once at start the repair of torn files the node will not reopen.
      let retentionTimer: NodeJS.Timeout | null = null;
      let sweeping: Promise<unknown> = Promise.resolve();
      if (pattern) {
        const sweep = () => {
          sweeping = runRetention({
            base,
            pattern,
            days: s.retentionDays,
            action: s.retentionAction,
            skip: logger.paths(),
          })
            .then((r) => {
              for (const e of r.errors) kit.node.warn(kit.text('errors.retention', { error: e.message }));
              if (r.deleted.length + r.compressed.length > 0)
                kit.node.log(
                  kit.text('errors.retention-done', { deleted: r.deleted.length, compressed: r.compressed.length }),
                );
            })
            .catch((e: Error) => kit.node.warn(kit.text('errors.retention', { error: e.message })));
        };
        sweeping = repairTornFiles(base, pattern, logger.paths())
          .then((files) => files.forEach((file) => kit.node.log(kit.text('errors.repaired', { file }))))
          .catch(() => undefined);
        logger.holdUntil(sweeping);
        if (s.retentionDays > 0) {
          void sweeping.then(sweep);
          retentionTimer = setInterval(sweep, HOUR);
          retentionTimer.unref();
        }
      }

      return {
        rejectedStatus: (count, reason) => {
          const text = queueFull
            ? kit.text('status.dropped', { dropped, pending: logger.pending })
            : kit.text('status.error', { error: reason.slice(0, 60), count });
          queueFull = false;
          return { fill: 'red', shape: 'ring', text };
        },
        input(msg, send, done) {
          let row: Record<string, unknown>;
          if (buildRow) {
            row = buildRow(msg);
          } else if (isPlainObject(msg.payload)) {
            row = msg.payload;
          } else {
            return kit.reject(msg, kit.text('errors.not-object', { type: typeName(msg.payload) }), null, done);
          }
          if (pattern) return writeTo(targetFor(msg, pattern), row, msg, send, done);
          // A name from msg/flow/global/env is used as it is (it may be evaluated asynchronously).
          RED.util.evaluateNodeProperty(
            s.filename,
            s.filenameType,
            kit.node,
            msg,
            (err: Error | null | undefined, name: unknown) => {
              if (err) return kit.reject(msg, err, null, done);
              writeTo(resolveFile(name), row, msg, send, done);
            },
          );
        },
        async close() {
          if (retentionTimer) clearInterval(retentionTimer);
          // Rows sent before the stop began (readings mqtt in has acknowledged) arrive each in a
          // setImmediate of Node-RED's: one turn of the event loop lets them be written, not refused.
          await new Promise((resolve) => setImmediate(resolve));
          await sweeping;
          for (const e of await logger.close()) kit.node.error(e);
        },
      };
    },
  });
};
