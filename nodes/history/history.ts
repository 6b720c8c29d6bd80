// history node: answers a query (msg.payload: range, keys, columns, output) over the CSV files a
// csv-log node wrote, as chart series, summaries or rows in parts (query.ts reads them). One
// query runs at a time: a new one, msg.stop or close stops the running one.
import type { NodeAPI } from 'node-red';
import { baseFolder, DEFAULT_FILENAME } from '../csv-log/base-folder';
import { NamePattern, PatternError } from '../csv-log/name-pattern';
import { ConfinementError } from '../csv-log/confine';
import { UnsafePathError } from '../lib/safe-path';
import { defineNode, type Done, type Msg, type Send } from '../lib/node-kit';
import { HistoryFileError, runQuery, type HistoryAnswer, type Row } from './query';
import { durationMs, OUTPUTS, INTERVALS, parseRequest, RequestError } from './request';

export = function (RED: NodeAPI) {
  defineNode(RED, {
    type: 'he-history',
    settings(read) {
      const timeZone = read.choice('timeZone', ['local', 'utc'], 'local');
      const last = read.text('last', '24h');
      const lastMs = durationMs(last);
      if (Number.isNaN(lastMs)) read.invalid(`last must be like 24h, 7d, 90m or seconds (got ${JSON.stringify(last)})`);
      return {
        source: {
          folder: baseFolder(read.text('baseDir'), RED.settings.userDir),
          // Compiled here so that a pattern the node cannot use is a configuration error.
          pattern: NamePattern.compile(read.text('filename', DEFAULT_FILENAME), timeZone).source,
          timeZone,
          keyColumn: read.text('keyColumn', 'deviceId'),
          timeColumn: read.text('timeColumn', 'timestamp'),
          bandHoldMs: read.number('bandHoldSeconds', { default: 120, min: 1 }) * 1000,
        },
        defaults: {
          lastMs,
          output: read.choice('output', OUTPUTS, 'series'),
          points: read.number('points', { default: 600, min: 2, whole: true }),
          interval: read.choice('interval', INTERVALS, 'hour'),
          spo2Scale: read.choice('spo2Scale', ['1', '2'], '1') === '2' ? (2 as const) : (1 as const),
        },
      };
    },
    start(kit, s) {
      // The running query's (or the last one's, aborted in vain).
      let controller = new AbortController();
      let finished = Promise.resolve();
      // The newest message: a query that waited for the running one to stop starts only if none came after it.
      let latest = 0;

      const describe = (err: Error): string => {
        if (err instanceof RequestError || err instanceof PatternError)
          return `${kit.text('errors.query')}: ${err.message}`;
        if (err instanceof UnsafePathError || err instanceof ConfinementError)
          return `${kit.text('errors.path')}: ${err.message}`;
        if (err instanceof HistoryFileError) return `${kit.text('errors.file')}: ${err.message}`;
        return err.message;
      };
      // Each output's text takes the figures it names (a series its points, a summary its entries).
      const statusOf = (a: HistoryAnswer): string =>
        kit.text(`status.${a.output}`, { points: a.payload.length, entries: a.payload.length, rows: a.rows });
      const stopped = () => kit.statusNow({ fill: 'grey', shape: 'ring', text: kit.text('status.stopped') });
      const reading = (rows: number) =>
        ({ fill: 'blue', shape: 'ring', text: kit.text('status.reading', { rows }) }) as const;

      function stop(): Promise<void> {
        controller.abort();
        return finished;
      }

      function query(msg: Msg, send: Send, done: Done): void {
        let request;
        try {
          request = parseRequest(msg.payload, s.defaults, Date.now());
        } catch (err) {
          return kit.reject(msg, describe(err as Error), null, done);
        }
        controller = new AbortController();
        const { signal } = controller;
        const partsId = RED.util.generateId();
        let index = 0;
        const meta = ({ from, to, output, rows, files }: HistoryAnswer) => ({ from, to, output, rows, files });
        const sendPart = (rows: Row[], last?: HistoryAnswer) => {
          const parts = last ? { id: partsId, index, count: index + 1 } : { id: partsId, index };
          send(
            last
              ? { ...msg, payload: rows, parts, complete: true, history: meta(last) }
              : { ...msg, payload: rows, parts },
          );
          index++;
        };
        kit.statusNow(reading(0));
        finished = runQuery(
          { ...s.source, ...request },
          {
            signal,
            onProgress: (rows) => kit.status(`reading ${rows}`, () => reading(rows)),
            onRows: (rows) => sendPart(rows),
          },
        ).then(
          (answer) => {
            if (answer.output === 'rows') {
              sendPart(answer.payload as Row[], answer);
            } else {
              msg.payload = answer.payload;
              msg.history = meta(answer);
              send(msg);
            }
            kit.statusNow({ fill: 'green', shape: 'dot', text: statusOf(answer) });
            done();
          },
          (err: Error) => {
            if (!signal.aborted) return kit.reject(msg, describe(err), null, done);
            stopped();
            done();
          },
        );
      }

      return {
        input(msg, send, done) {
          const ticket = ++latest;
          void stop().then(() => {
            if (msg.stop === true) stopped();
            else if (ticket === latest) return query(msg, send, done);
            done();
          });
        },
        close: () => stop(),
      };
    },
  });
};
