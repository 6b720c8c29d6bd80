// history node: answers a query (msg.payload: range, keys, columns, output) over the CSV files a
// csv-log node wrote, as chart series, summaries or rows in parts. The reading is query.ts and
// the modules beside it; settings, status, rejection and close are the node kit's. One query
// runs at a time: a new one, msg.stop or close stops the running one.
import type { NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { baseFolder, DEFAULT_FILENAME } from '../csv-log/base-folder';
import { NamePattern, PatternError } from '../csv-log/name-pattern';
import { ConfinementError } from '../csv-log/confine';
import { UnsafePathError } from '../lib/safe-path';
import { defineNode, type Done, type Msg, type Send } from '../lib/node-kit';
import { HistoryFileError, runQuery, StoppedError, type HistoryAnswer, type Row } from './query';
import { durationMs, OUTPUTS, INTERVALS, parseRequest, RequestError } from './request';

interface HistoryDef extends NodeDef {
  baseDir?: string;
  filename?: string;
}

interface Running {
  controller: AbortController;
  finished: Promise<void>;
}

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-history',
    settings(read, config: HistoryDef) {
      const timeZone = read.choice('timeZone', ['local', 'utc'], 'local');
      const last = read.text('last', '24h');
      const lastMs = durationMs(last);
      if (Number.isNaN(lastMs)) read.invalid(`last must be like 24h, 7d, 90m or seconds (got ${JSON.stringify(last)})`);
      const filename = (config.filename ?? '').trim() || DEFAULT_FILENAME;
      return {
        folder: baseFolder(config.baseDir, RED.settings.userDir),
        // Checked here so that a pattern the node cannot use is a configuration error.
        pattern: NamePattern.compile(filename, timeZone).source,
        timeZone,
        keyColumn: read.text('keyColumn', 'deviceId'),
        timeColumn: read.text('timeColumn', 'timestamp'),
        defaults: {
          lastMs,
          output: read.choice('output', OUTPUTS, 'series'),
          points: read.number('points', { default: 600, min: 2, whole: true }),
          interval: read.choice('interval', INTERVALS, 'hour'),
          spo2Scale: read.choice('spo2Scale', ['1', '2'], '1') === '2' ? (2 as const) : (1 as const),
        },
        bandHoldMs: read.number('bandHoldSeconds', { default: 120, min: 1 }) * 1000,
      };
    },
    start(kit, s) {
      let running: Running | null = null;
      // The newest message: a query that waited for the running one to stop starts only if none came after it.
      let latest = 0;

      const describe = (err: Error): string => {
        if (err instanceof RequestError) return `${kit.text('errors.query')}: ${err.message}`;
        if (err instanceof PatternError) return `${kit.text('errors.query')}: ${err.message}`;
        if (err instanceof UnsafePathError || err instanceof ConfinementError) {
          return `${kit.text('errors.path')}: ${err.message}`;
        }
        if (err instanceof HistoryFileError) return `${kit.text('errors.file')}: ${err.message}`;
        return err.message;
      };

      const sizeText = (a: HistoryAnswer): string =>
        a.output === 'series'
          ? kit.text('status.series', { points: a.payload.length, rows: a.rows })
          : a.output === 'summary'
            ? kit.text('status.summary', { entries: a.payload.length, rows: a.rows })
            : kit.text('status.rows', { rows: a.rows });

      function stop(): Promise<void> {
        if (running === null) return Promise.resolve();
        running.controller.abort();
        return running.finished;
      }

      function query(msg: Msg, send: Send, done: Done): void {
        let request;
        try {
          request = parseRequest(msg.payload, s.defaults, Date.now());
        } catch (err) {
          return kit.reject(msg, describe(err as Error), null, done);
        }
        const controller = new AbortController();
        const partsId = RED.util.generateId();
        let index = 0;
        const sendPart = (rows: Row[], last: HistoryAnswer | null) => {
          const part: NodeMessage & Record<string, unknown> = {
            ...msg,
            payload: rows,
            parts: last ? { id: partsId, index, count: index + 1 } : { id: partsId, index },
          };
          if (last) {
            part.complete = true;
            part.history = { from: last.from, to: last.to, output: last.output, rows: last.rows, files: last.files };
          }
          index++;
          send(part);
        };
        kit.statusNow({ fill: 'blue', shape: 'ring', text: kit.text('status.reading', { rows: 0 }) });
        const finished = runQuery(
          {
            folder: s.folder,
            pattern: s.pattern,
            timeZone: s.timeZone,
            files: request.files,
            keyColumn: s.keyColumn,
            timeColumn: s.timeColumn,
            from: request.from,
            to: request.to,
            keys: request.keys,
            columns: request.columns,
            output: request.output,
            points: request.points,
            interval: request.interval,
            spo2Scale: request.spo2Scale,
            bandHoldMs: s.bandHoldMs,
          },
          {
            signal: controller.signal,
            onProgress: (rows) =>
              kit.status(`reading ${rows}`, () => ({
                fill: 'blue',
                shape: 'ring',
                text: kit.text('status.reading', { rows }),
              })),
            onRows: (rows) => sendPart(rows, null),
          },
        ).then(
          (answer) => {
            if (answer.output === 'rows') {
              sendPart(answer.payload as Row[], answer);
            } else {
              msg.payload = answer.payload;
              msg.history = {
                from: answer.from,
                to: answer.to,
                output: answer.output,
                rows: answer.rows,
                files: answer.files,
              };
              send(msg);
            }
            kit.statusNow({ fill: 'green', shape: 'dot', text: sizeText(answer) });
            done();
          },
          (err: Error) => {
            if (err instanceof StoppedError) {
              kit.statusNow({ fill: 'grey', shape: 'ring', text: kit.text('status.stopped') });
              return done();
            }
            kit.reject(msg, describe(err), null, done);
          },
        );
        const current: Running = {
          controller,
          finished: finished.finally(() => {
            if (running === current) running = null;
          }),
        };
        running = current;
      }

      return {
        input(msg, send, done) {
          const ticket = ++latest;
          if (msg.stop === true) {
            void stop().then(() => {
              kit.statusNow({ fill: 'grey', shape: 'ring', text: kit.text('status.stopped') });
              done();
            });
            return;
          }
          void stop().then(() => {
            if (ticket === latest) query(msg, send, done);
            else done();
          });
        },
        close: () => stop(),
      };
    },
  });
};
