import { CloudWatchClient, MetricDatum, PutMetricDataCommand, StandardUnit } from '@aws-sdk/client-cloudwatch';
import {
  CreateFlowCommand,
  CreateFlowRequest,
  DescribeFlowCommand,
  MediaConnectClient,
  StartFlowCommand,
  TagResourceCommand,
} from '@aws-sdk/client-mediaconnect';
import { METRIC_NAMESPACE, MediaConnectMetricScope, SCOPE_DIMENSION } from '../../lambdas/mediaconnect/metric-catalog';
import { MetricSelection, metricsOfScope } from '../../lambdas/metrics/metric-catalog';
import type { MetricDefinition } from '../../lambdas/polling/metric-kind';
import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';

/**
 * The benchmark's estate: N identical flows, each with 2 failover sources, 3 outputs and 2 entitlements, started so
 * the metrics poller polls them. Seeded straight into moto, as fast as moto answers (no MediaConnect rate limit).
 */
export const BENCH_FLOW_SHAPE = { sourcesPerFlow: 2, outputsPerFlow: 3, entitlementsPerFlow: 2 } as const;

/** AWS accepts up to 1,000 datums per PutMetricData (and 1 MB); 500 keeps a request far below the size cap. */
export const PUT_METRIC_DATA_BATCH = 500;

export interface SeededBenchFlow {
  readonly arn: string;
  readonly sourceArns: readonly string[];
  readonly outputArns: readonly string[];
}

export interface SeededFleet {
  readonly flows: readonly SeededBenchFlow[];
  readonly durationMs: number;
}

/** moto's GetMetricData cost grows with the datums stored in the window; about this many per feed keeps a cycle quick. */
export const DATUMS_PER_FEED = 210;

/** How many flows get datapoints when not told: as many as fit in DATUMS_PER_FEED, at least one. */
export function defaultDatapointFlows(selection: MetricSelection, minutes: number): number {
  const perFlow =
    metricsOfScope(selection, 'FLOW').length +
    metricsOfScope(selection, 'SOURCE').length * BENCH_FLOW_SHAPE.sourcesPerFlow +
    metricsOfScope(selection, 'OUTPUT').length * BENCH_FLOW_SHAPE.outputsPerFlow;
  return Math.max(1, Math.floor(DATUMS_PER_FEED / (perFlow * minutes)));
}

/** Zero-padded so flow names sort in creation order. */
export const benchFlowName = (index: number): string => `bench-${String(index).padStart(5, '0')}`;

/** The CreateFlow request of the benchmark flow `index`: both sources, all outputs and entitlements in one call. */
export function benchFlowRequest(index: number): CreateFlowRequest {
  const octet = (index % 250) + 1;
  return {
    Name: benchFlowName(index),
    Sources: [
      { Name: 'primary', Protocol: 'srt-listener', IngestPort: 5000, WhitelistCidr: '203.0.113.0/24', MinLatency: 200 },
      { Name: 'backup', Protocol: 'srt-listener', IngestPort: 5001, WhitelistCidr: '198.51.100.0/24', MinLatency: 200 },
    ],
    SourceFailoverConfig: { State: 'ENABLED', FailoverMode: 'MERGE', RecoveryWindow: 200 },
    Outputs: [
      { Name: 'affiliate-srt', Protocol: 'srt-caller', Destination: `10.1.0.${octet}`, Port: 6000, MinLatency: 200 },
      { Name: 'affiliate-rist', Protocol: 'rist', Destination: `10.2.0.${octet}`, Port: 6002, SmoothingLatency: 100 },
      {
        Name: 'archive-zixi',
        Protocol: 'zixi-push',
        Destination: `10.3.0.${octet}`,
        Port: 2088,
        RemoteId: `archive-${index}`,
      },
    ],
    Entitlements: [
      { Name: 'partner-a', Subscribers: ['444455556666'], EntitlementStatus: 'ENABLED' },
      {
        Name: 'partner-b',
        Subscribers: ['777788889999'],
        EntitlementStatus: 'ENABLED',
        DataTransferSubscriberFeePercent: 0,
      },
    ],
  };
}

export const benchFlowTags = (index: number): Record<string, string> => ({
  team: 'bench',
  channel: `channel-${(index % 50) + 1}`,
});

/**
 * Creates `count` flows, tags and starts them and describes each once (moto leaves a started flow STARTING until a DescribeFlow
 * resolves it to ACTIVE, as AWS does within seconds). Returns the flows with their source and output ARNs.
 */
export async function seedBenchFleet(
  mediaConnect: MediaConnectClient,
  count: number,
  concurrency = 16,
): Promise<SeededFleet> {
  const started = Date.now();
  const flows = await mapWithConcurrency(
    Array.from({ length: count }, (_, i) => i + 1),
    concurrency,
    async (index) => {
      const created = await mediaConnect.send(new CreateFlowCommand(benchFlowRequest(index)));
      const arn = created.Flow?.FlowArn;
      if (!arn) throw new Error(`CreateFlow ${benchFlowName(index)} returned no FlowArn`);
      // moto answers ListTagsForResource on an untagged resource with NotFound (AWS with no tags); real flows carry tags.
      await mediaConnect.send(new TagResourceCommand({ ResourceArn: arn, Tags: benchFlowTags(index) }));
      await mediaConnect.send(new StartFlowCommand({ FlowArn: arn }));
      const described = await mediaConnect.send(new DescribeFlowCommand({ FlowArn: arn }));
      const flow = described.Flow;
      if (flow?.Status !== 'ACTIVE')
        throw new Error(`${benchFlowName(index)} is ${flow?.Status ?? 'missing'} after StartFlow`);
      return {
        arn,
        sourceArns: (flow.Sources ?? []).flatMap((s) => (s.SourceArn ? [s.SourceArn] : [])),
        outputArns: (flow.Outputs ?? []).flatMap((o) => (o.OutputArn ? [o.OutputArn] : [])),
      };
    },
  );
  return { flows, durationMs: Date.now() - started };
}

export interface DatapointPlan {
  /** How many flows (the first ones) get datapoints. */
  readonly flows: number;
  /** One-minute datapoints per metric, ending at `now`. */
  readonly minutes: number;
  readonly now: number;
}

/**
 * The datums that give the first `plan.flows` flows a value for every metric of the selection over the last
 * `plan.minutes` minutes. Bounded on purpose: moto's GetMetricData scans every stored datum once per query and period,
 * so its cost grows with queries × periods × datums; a small sample shows the write path without swamping the run.
 */
export function benchDatapoints(
  flows: readonly SeededBenchFlow[],
  selection: MetricSelection,
  plan: DatapointPlan,
): MetricDatum[] {
  const datums: MetricDatum[] = [];
  const minuteStart = Math.floor(plan.now / 60_000) * 60_000;
  const perScope = (flow: SeededBenchFlow): [readonly MetricDefinition[], readonly string[]][] => [
    [metricsOfScope(selection, 'FLOW'), [flow.arn]],
    [metricsOfScope(selection, 'SOURCE'), flow.sourceArns],
    [metricsOfScope(selection, 'OUTPUT'), flow.outputArns],
  ];
  for (const flow of flows.slice(0, plan.flows)) {
    for (const [metrics, arns] of perScope(flow)) {
      for (const metric of metrics) {
        for (const arn of arns) {
          for (let m = plan.minutes; m >= 1; m--) {
            datums.push({
              MetricName: metric.name,
              Dimensions: [{ Name: SCOPE_DIMENSION[metric.scope as MediaConnectMetricScope], Value: arn }],
              Timestamp: new Date(minuteStart - m * 60_000 + 30_000),
              Value: sampleValue(metric),
              Unit: metric.unit as StandardUnit,
            });
          }
        }
      }
    }
  }
  return datums;
}

/** A plausible healthy value: connected, 8 Mb/s, no errors. */
function sampleValue(metric: MetricDefinition): number {
  if (metric.name.endsWith('Connected') || metric.name === 'ConnectedOutputs') return 1;
  if (metric.unit === 'Bits/Second') return 8_000_000;
  if (metric.unit === 'Milliseconds') return 20;
  if (metric.name.endsWith('TotalPackets')) return 45_000;
  return 0;
}

/** Puts the datums into `AWS/MediaConnect` (moto accepts the reserved namespace; AWS does not). Returns calls made. */
export async function putBenchDatapoints(
  cloudWatch: CloudWatchClient,
  datums: readonly MetricDatum[],
): Promise<number> {
  const batches: MetricDatum[][] = [];
  for (let i = 0; i < datums.length; i += PUT_METRIC_DATA_BATCH)
    batches.push(datums.slice(i, i + PUT_METRIC_DATA_BATCH));
  await mapWithConcurrency(batches, 4, (batch) =>
    cloudWatch.send(new PutMetricDataCommand({ Namespace: METRIC_NAMESPACE, MetricData: batch })),
  );
  return batches.length;
}
