// Messages between a flow host (flow-host.ts, the child running Node-RED) and its parent.

export interface SinkSample {
  topic?: string;
  error?: string;
  /** Type of the node that raised the error (msg.error.source.type), for Catch sinks. */
  source?: string;
}

export type HostCommand =
  | {
      cmd: 'start';
      flows: unknown[];
      /** Load this pack (default true): links the working tree into <userDir>/node_modules. */
      withPack?: boolean;
      userDir?: string;
      /** Node-RED log level for the console; default 'off' so that error logging costs nothing to print. */
      logLevel?: string;
      /** settings.functionGlobalContext, e.g. the inputs a generator function node sends. */
      globals?: Record<string, unknown>;
      contextStorage?: Record<string, unknown>;
      /** Per sink id: send a 'progress' event every this many messages. */
      progressEvery?: Record<string, number>;
      /** Messages whose topic matches are readiness probes: reported as 'probe', not counted. */
      ignoreTopic?: string;
    }
  | { cmd: 'counts' }
  | { cmd: 'mark'; sink: string; at: number[] }
  | { cmd: 'trigger'; node: string; payload?: unknown }
  | { cmd: 'reset' }
  | { cmd: 'memory' }
  | { cmd: 'stop' };

export interface SinkCounts {
  count: number;
  withReason: number;
  samples: SinkSample[];
}

/** In 'mark' and 'triggered': ms is the host's wall clock, cpuMs its process CPU time (user + system, every thread). */
export type HostEvent =
  | { ev: 'started'; requireMs: number; startMs: number; startCpuMs: number; missing: string[]; packTypes: number }
  | { ev: 'counts'; sinks: Record<string, SinkCounts> }
  | { ev: 'mark'; sink: string; at: number; ms: number; cpuMs: number }
  | { ev: 'triggered'; node: string; ms: number; cpuMs: number }
  | { ev: 'progress'; sink: string; count: number }
  | { ev: 'probe'; sink: string }
  | { ev: 'reset' }
  | { ev: 'memory'; heapUsed: number; rss: number; external: number; gc: boolean }
  | { ev: 'stopped' }
  | { ev: 'error'; message: string }
  | { ev: 'crash'; message: string };
