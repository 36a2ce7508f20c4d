import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { pickNamedRoute, RouteMix } from './api-routes';

/**
 * The API bench's load generator, run in its own process so that it does not share an event loop (or a core) with
 * the API under test. It drives loadtest (npm) in its requests-per-second mode: one request every 1/rate seconds,
 * open loop, a new connection whenever all are busy, latency measured per request. (autocannon's `overallRate` sends
 * each second's quota back to back at the start of the second, so its latency is that of a burst, not of a steady
 * rate: mcollina/autocannon#174.)
 *
 * Reads `{url, rate, seconds, arns, chainArns}` as JSON on stdin; writes one JSON line with the figures to stdout.
 * Besides loadtest's latency over all requests, it times each route's requests itself (request sent to response end).
 */

export interface LoadRequest {
  url: string;
  rate: number;
  seconds: number;
  arns: string[];
  /** The resources `GET /chains/{arn}` picks from. @default arns */
  chainArns?: string[];
}

export interface LoadFigures {
  requests: number;
  errors: number;
  errorCodes: Record<string, number>;
  elapsedSeconds: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  mix: RouteMix;
  /** Each route's latency as timed here, request sent to response end. */
  routeLatencyMs: Record<string, { count: number; p50: number; p99: number; max: number }>;
  /** CPU time of this process per request, in ms. */
  cpuMsPerRequest: number;
}

interface LoadtestResult {
  totalRequests: number;
  totalErrors: number;
  errorCodes: Record<string, number>;
  elapsedSeconds: number;
  maxLatencyMs: number;
  meanLatencyMs: number;
  percentiles: Record<'50' | '90' | '95' | '99', number>;
}
type RequestFn = (options: RequestOptions, callback: (response: IncomingMessage) => void) => ClientRequest;

async function main(): Promise<void> {
  const input = JSON.parse(await readStdin()) as LoadRequest;
  // loadtest is ESM-only.
  const { loadTest } = (await import('loadtest')) as unknown as {
    loadTest(options: Record<string, unknown>): Promise<LoadtestResult>;
  };
  const mix: RouteMix = {};
  const routeSamples: Record<string, number[]> = {};
  const targets = { flows: input.arns, chains: input.chainArns ?? input.arns };
  const cpuBefore = process.cpuUsage();
  const result = await loadTest({
    url: input.url,
    requestsPerSecond: input.rate,
    maxSeconds: input.seconds,
    agentKeepAlive: true,
    quiet: true,
    requestGenerator: (
      _options: unknown,
      params: RequestOptions,
      request: RequestFn,
      callback: (response: IncomingMessage) => void,
    ) => {
      const route = pickNamedRoute(targets, mix);
      const started = process.hrtime.bigint();
      const req = request({ ...params, path: route.path }, (response) => {
        response.once('end', () =>
          (routeSamples[route.name] ??= []).push(Number(process.hrtime.bigint() - started) / 1e6),
        );
        callback(response);
      });
      req.end();
      return req;
    },
  });
  const cpu = process.cpuUsage(cpuBefore);
  const figures: LoadFigures = {
    requests: result.totalRequests,
    errors: result.totalErrors,
    errorCodes: result.errorCodes,
    elapsedSeconds: result.elapsedSeconds,
    latencyMs: {
      p50: result.percentiles['50'],
      p90: result.percentiles['90'],
      p99: result.percentiles['99'],
      max: result.maxLatencyMs,
      mean: result.meanLatencyMs,
    },
    mix,
    routeLatencyMs: Object.fromEntries(
      Object.entries(routeSamples).map(([name, samples]) => [name, latencyOf(samples)]),
    ),
    cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, result.totalRequests),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

function latencyOf(samples: readonly number[]): { count: number; p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(2));
  return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: Number((sorted.at(-1) ?? 0).toFixed(2)) };
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => (text += chunk));
    process.stdin.on('end', () => resolve(text));
    process.stdin.on('error', reject);
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`api load failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
