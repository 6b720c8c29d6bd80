// Node-RED adapter for csv-log: turns messages into rows for CsvLogger and reports back
// with send/done, status and node.error. The CSV and file logic lives in the pure modules.
import path from 'path';
import type { Node, NodeAPI, NodeDef, NodeMessage, NodeMessageInFlow } from 'node-red';
import { CsvLogger, LogResult } from './csv-logger';
import { isPlainObject, parseColumnList } from '../lib/csv-encode';
import { resolveInside, UnsafePathError } from '../lib/safe-path';
import { baseFolder, DEFAULT_FILENAME } from './base-folder';

interface CsvLogDef extends NodeDef {
  baseDir?: string;
  filename?: string;
  filenameType?: string;
  columns?: string;
  injectionGuard?: boolean;
  bom?: boolean;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'Buffer';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}

export = function (RED: NodeAPI) {
  function CsvLogNode(this: Node, config: CsvLogDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const base = baseFolder(config.baseDir, RED.settings.userDir as string | undefined);
    const filename = config.filename ?? DEFAULT_FILENAME;
    const filenameType = config.filenameType || 'str';
    let errors = 0;

    const logger = new CsvLogger({
      columns: parseColumnList(config.columns),
      // Missing (a flow from before the option existed) counts as on, the editor's default.
      bom: config.bom !== false,
      encode: { injectionGuard: config.injectionGuard !== false },
      onBatch: (l) => {
        if (!l.last) return;
        const file = path.basename(l.last.filename);
        const pending = l.pending;
        node.status(
          pending > 0
            ? { fill: 'yellow', shape: 'dot', text: RED._('csv-log.status.backlog', { file, rows: l.last.rows, pending }) }
            : { fill: 'green', shape: 'dot', text: RED._('csv-log.status.rows', { file, rows: l.last.rows }) },
        );
      },
    });

    function fail(err: Error | string, msg: NodeMessageInFlow, done: (err?: Error) => void) {
      errors++;
      const text = typeof err === 'string' ? err : ((err as NodeJS.ErrnoException).code ?? err.message);
      node.status({ fill: 'red', shape: 'ring', text: RED._('csv-log.status.error', { error: text.slice(0, 60), count: errors }) });
      node.error(err, msg);
      done();
    }

    /** The absolute file for a name, or a translated reason it was refused. */
    function resolveFile(name: unknown): { file: string } | { refused: string } {
      try {
        return { file: resolveInside(base, name) };
      } catch (err) {
        const code = err instanceof UnsafePathError ? err.code : 'not-string';
        return { refused: RED._(`csv-log.errors.path-${code}`, { name: JSON.stringify(String(name)).slice(0, 80) }) };
      }
    }

    function fileNameFor(msg: NodeMessageInFlow, cb: (err: Error | null, name?: unknown) => void) {
      if (filenameType === 'str') return cb(null, filename);
      RED.util.evaluateNodeProperty(filename, filenameType, node, msg, (err: Error | null | undefined, value: unknown) =>
        cb(err ?? null, value),
      );
    }

    node.on('input', (msg: NodeMessageInFlow, send: (m: NodeMessage) => void, done: (err?: Error) => void) => {
      const payload = (msg as { payload?: unknown }).payload;
      if (!isPlainObject(payload)) {
        fail(RED._('csv-log.errors.not-object', { type: typeName(payload) }), msg, done);
        return;
      }
      fileNameFor(msg, (err, name) => {
        if (err) return fail(err, msg, done);
        const target = resolveFile(name);
        if ('refused' in target) return fail(target.refused, msg, done);
        logger.log(target.file, payload).then(
          (result: LogResult) => {
            if (result.newExtraKeys) {
              node.warn(RED._('csv-log.errors.extra-keys', { file: result.filename, keys: result.newExtraKeys.join(', ') }));
            }
            const out = msg as NodeMessageInFlow & { filename?: string; row?: number };
            out.filename = result.filename;
            out.row = result.row;
            send(out);
            done();
          },
          (e: Error) => fail(e, msg, done),
        );
      });
    });

    // Two plain parameters: Node-RED passes `done` only to handlers declared with two.
    node.on('close', function (_removed: boolean, done: () => void) {
      logger.close().then(
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

  RED.nodes.registerType('csv-log', CsvLogNode);
};
