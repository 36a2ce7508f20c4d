import type { CallCounts } from './call-counter';

/**
 * Messages between the bench and a poller worker: a child process that holds one poller, wired as its handler wires
 * it, and runs a cycle each time it is asked, like a warm Lambda container. One worker per poller, so each one's
 * peak RSS is its own.
 */
export type PollerName = 'inventory' | 'medialive-inventory' | 'metrics';

export interface WorkerConfig {
  readonly poller: PollerName;
  readonly motoEndpoint: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly region: string;
  readonly account: string;
  readonly metricSet: 'health' | 'full';
  /** The inventory's MediaConnect pacing; unset lifts the limit. */
  readonly mediaConnectRps?: number;
  /** The inventory invocation's simulated Lambda timeout: each poll gets a deadline this far ahead. */
  readonly timeoutSeconds?: number;
}

/** The environment variable that carries the worker's JSON config. */
export const WORKER_CONFIG_ENV = 'BENCH_POLLER_WORKER_CONFIG';

export type WorkerRequest =
  /** Run one cycle with the clock `clockOffsetMs` ahead of real time. */
  { readonly type: 'poll'; readonly clockOffsetMs: number } | { readonly type: 'stop' };

export interface WorkerCycle {
  readonly wallMs: number;
  /** CPU time of the worker during the cycle. */
  readonly cpuMs: number;
  readonly counts: CallCounts;
  /** Highest RSS sampled during the cycle. */
  readonly peakRssMb: number;
  /** The worker's `resourceUsage().maxRSS` after the cycle: its peak since it started. */
  readonly maxRssMb: number;
  readonly outcome: unknown;
}

export type WorkerReply =
  /** Sent once the poller is wired, with the worker's RSS before any cycle. */
  | { readonly type: 'ready'; readonly rssMb: number }
  | { readonly type: 'cycle'; readonly cycle: WorkerCycle }
  | { readonly type: 'error'; readonly message: string };
