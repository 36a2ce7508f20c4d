import { inventorySettingsFromEnv } from '../../lambdas/mediaconnect/inventory-config';
import { pollMediaConnectInventory } from '../../lambdas/mediaconnect/flow-cycle';
import { metricsSettingsFromEnv } from '../../lambdas/metrics/metrics-config';
import { pollMetrics } from '../../lambdas/metrics/metrics-poller';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { createCloudWatchClient, createDocumentClient, createMediaConnectClient } from '../../lambdas/shared/clients';
import { ENV } from '../../lambdas/shared/env';
import { TokenBucket } from '../../lambdas/shared/rate-limiter';
import { StateStore } from '../../lambdas/store/state-store';
import { SteppableClock } from './bench-clock';
import { AwsCallCounter, instrumentClient } from './call-counter';
import { mediaLiveInventoryPoll } from './medialive-inventory-poll';
import { maxRssMb, MB, RssSampler } from './rss-sampler';
import { WORKER_CONFIG_ENV, WorkerConfig, WorkerCycle, WorkerReply, WorkerRequest } from './worker-protocol';

/**
 * A poller worker (see worker-protocol.ts). The bench bundles this file with esbuild and runs it with plain node, so
 * the process holds what a poller Lambda holds: Node, the SDK clients, the store and the poller's code.
 */

/** A token bucket this fast never makes a caller wait: the bench measures the code, and reports the quota's floor. */
export const UNLIMITED_RPS = 1_000_000;

interface Poller {
  readonly counter: AwsCallCounter;
  readonly clock: SteppableClock;
  poll(): Promise<unknown>;
  destroy(): void;
}

/** The poller of the config, wired as its handler wires it (production settings), over instrumented clients. */
export function createPoller(config: WorkerConfig): Poller {
  const counter = new AwsCallCounter();
  const clock = new SteppableClock();
  const doc = createDocumentClient({ region: config.region, endpoint: config.dynamoEndpoint });
  instrumentClient(doc, counter);
  const store = new StateStore(doc, config.tableName);

  if (config.poller === 'inventory') {
    const mediaConnect = createMediaConnectClient({ region: config.region, endpoint: config.motoEndpoint });
    instrumentClient(mediaConnect, counter);
    const settings = inventorySettingsFromEnv({ [ENV.accountId]: config.account });
    const deps = {
      client: mediaConnect,
      store,
      clock,
      limiter: new TokenBucket(config.mediaConnectRps ?? UNLIMITED_RPS, settings.mediaConnectBurst),
      tombstoneRetentionHours: settings.tombstoneRetentionHours,
    };
    const options = {
      accountId: settings.accountId,
      describeConcurrency: settings.describeConcurrency,
      sweepPerCycle: settings.tagSweepPerCycle,
    };
    return {
      counter,
      clock,
      poll: () =>
        pollMediaConnectInventory(deps, {
          ...options,
          ...(config.timeoutSeconds ? { deadlineMs: clock.now() + config.timeoutSeconds * 1000 } : {}),
        }),
      destroy: () => [mediaConnect, doc].forEach((client) => client.destroy()),
    };
  }

  if (config.poller === 'medialive-inventory') {
    // One attempt, as lambdas/shared/clients.ts builds MediaLive's client: the request budget is the retry layer.
    const mediaLive = new MediaLiveClient({ region: config.region, endpoint: config.motoEndpoint, maxAttempts: 1 });
    instrumentClient(mediaLive, counter);
    return {
      counter,
      clock,
      poll: mediaLiveInventoryPoll({ mediaLive, store, clock, account: config.account, region: config.region }),
      destroy: () => [mediaLive, doc].forEach((client) => client.destroy()),
    };
  }

  const cloudWatch = createCloudWatchClient({ region: config.region, endpoint: config.motoEndpoint });
  instrumentClient(cloudWatch, counter);
  const options = {
    ...metricsSettingsFromEnv({ [ENV.metricSet]: config.metricSet }),
    account: config.account,
    region: config.region,
  };
  return {
    counter,
    clock,
    poll: () => pollMetrics({ cloudWatch, store, clock }, options),
    destroy: () => [cloudWatch, doc].forEach((client) => client.destroy()),
  };
}

/** One cycle, timed and counted. */
export async function runCycle(poller: Poller, clockOffsetMs: number): Promise<WorkerCycle> {
  poller.clock.advance(Math.max(0, clockOffsetMs - poller.clock.offsetMs));
  const before = poller.counter.snapshot();
  const cpuBefore = process.cpuUsage();
  const sampler = new RssSampler();
  sampler.start();
  const started = performance.now();
  const outcome = await poller.poll();
  const wallMs = performance.now() - started;
  const peakRssMb = sampler.stop();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    counts: poller.counter.since(before),
    peakRssMb,
    maxRssMb: maxRssMb(),
    outcome,
  };
}

function main(): void {
  const send = (reply: WorkerReply) => process.send?.(reply);
  const raw = process.env[WORKER_CONFIG_ENV];
  if (!raw || !process.send) {
    process.stderr.write(`poller-worker runs as a child of the bench, with ${WORKER_CONFIG_ENV} set\n`);
    process.exit(2);
  }
  const config = JSON.parse(raw) as WorkerConfig;
  process.env.AWS_REGION = config.region;
  const poller = createPoller(config);
  process.on('message', (request: WorkerRequest) => {
    if (request.type === 'stop') {
      poller.destroy();
      process.disconnect();
      return;
    }
    runCycle(poller, request.clockOffsetMs).then(
      (cycle) => send({ type: 'cycle', cycle }),
      (error: unknown) => send({ type: 'error', message: (error as Error).stack ?? String(error) }),
    );
  });
  send({ type: 'ready', rssMb: process.memoryUsage.rss() / MB });
}

if (process.env[WORKER_CONFIG_ENV]) main();
