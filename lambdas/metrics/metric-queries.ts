import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  METRIC_NAMESPACE,
  MetricDefinition,
  MetricScope,
  MetricSelection,
  metricsOfScope,
  SCOPE_DIMENSION,
} from './metric-catalog';
import type { Series } from './metric-series';

/** GetMetricData takes at most 500 MetricDataQuery per call (moto accepts more; AWS rejects them). */
export const MAX_QUERIES_PER_CALL = 500;

/** A guard against a service that never stops paginating; AWS pages at 100,800 datapoints, so real cycles need a few. */
export const MAX_PAGES_PER_CALL = 50;

/** A valid GetMetricData query Id: a lower-case letter first, then letters, digits and underscores. */
export const QUERY_ID_PATTERN = /^[a-z][A-Za-z0-9_]*$/;

/** The resources of one flow whose metrics are polled. */
export interface FlowMetricResources {
  flowArn: string;
  sourceArns: readonly string[];
  outputArns: readonly string[];
}

/** One metric of one resource: what a query asks for, and where its answer is stored. */
export interface MetricTarget {
  flowArn: string;
  scope: MetricScope;
  /** The ARN in the query's dimension: the flow, source or output. */
  resourceArn: string;
  metric: MetricDefinition;
}

/** The queries of one GetMetricData call, and the map from each query Id back to its target. */
export interface PackedCall {
  queries: MetricDataQuery[];
  targets: Map<string, MetricTarget>;
}

/** Every (resource, metric) pair the selection asks for, across all given flows. */
export function buildMetricTargets(flows: readonly FlowMetricResources[], selection: MetricSelection): MetricTarget[] {
  const targets: MetricTarget[] = [];
  const add = (flowArn: string, scope: MetricScope, resourceArns: readonly string[]) => {
    const metrics = metricsOfScope(selection, scope);
    for (const resourceArn of resourceArns)
      for (const metric of metrics) targets.push({ flowArn, scope, resourceArn, metric });
  };
  for (const flow of flows) {
    add(flow.flowArn, 'FLOW', [flow.flowArn]);
    add(flow.flowArn, 'SOURCE', flow.sourceArns);
    add(flow.flowArn, 'OUTPUT', flow.outputArns);
  }
  return targets;
}

/** `q0`, `q1`, …: unique within a call, and valid as a GetMetricData Id. */
export const queryId = (index: number): string => `q${index}`;

/**
 * Packs all targets, across flows, into as few calls as possible: ceil(targets / maxPerCall) calls, each with at most
 * `maxPerCall` queries at Period 60.
 */
export function packMetricQueries(targets: readonly MetricTarget[], maxPerCall = MAX_QUERIES_PER_CALL): PackedCall[] {
  if (!(maxPerCall >= 1 && maxPerCall <= MAX_QUERIES_PER_CALL))
    throw new RangeError(`maxPerCall must be 1..${MAX_QUERIES_PER_CALL}`);
  const calls: PackedCall[] = [];
  for (let start = 0; start < targets.length; start += maxPerCall) {
    const call: PackedCall = { queries: [], targets: new Map() };
    targets.slice(start, start + maxPerCall).forEach((target, i) => {
      const id = queryId(i);
      call.targets.set(id, target);
      call.queries.push(toQuery(id, target));
    });
    calls.push(call);
  }
  return calls;
}

function toQuery(id: string, target: MetricTarget): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: METRIC_NAMESPACE,
        MetricName: target.metric.name,
        Dimensions: [{ Name: SCOPE_DIMENSION[target.scope], Value: target.resourceArn }],
      },
      Period: 60,
      Stat: target.metric.stat,
    },
    ReturnData: true,
  };
}

/** The time range of one cycle's calls. GetMetricData takes one StartTime/EndTime per call, shared by all its queries. */
export interface MetricWindow {
  start: Date;
  end: Date;
}

/** What one query returned, all pages merged. */
export interface QueryResult {
  series: Series;
  /** The last page's StatusCode: Complete, PartialData, InternalError or Forbidden. */
  status: string;
}

export interface FetchedCall {
  results: Map<string, QueryResult>;
  pages: number;
  /** Call-level messages (e.g. a quota warning), code: value. */
  messages: string[];
}

/**
 * Runs one packed call, following NextToken and appending each page's points to its query's series. Throws when a
 * page fails after the client's adaptive retries; the caller records that and carries on with the other calls.
 */
export async function fetchMetricData(
  cloudWatch: CloudWatchClient,
  call: PackedCall,
  window: MetricWindow,
): Promise<FetchedCall> {
  const results = new Map<string, QueryResult>();
  const messages: string[] = [];
  let pages = 0;
  let nextToken: string | undefined;
  do {
    const page: GetMetricDataCommandOutput = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: call.queries,
        StartTime: window.start,
        EndTime: window.end,
        ScanBy: 'TimestampAscending',
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    pages++;
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id || !call.targets.has(result.Id)) continue;
      const merged = results.get(result.Id) ?? { series: { t: [], v: [] }, status: 'Complete' };
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
        merged.series.t.push(Math.floor((timestamps[i] as Date).getTime() / 1000));
        merged.series.v.push(values[i] as number);
      }
      merged.status = result.StatusCode ?? merged.status;
      results.set(result.Id, merged);
    }
    for (const message of page.Messages ?? [])
      messages.push(`${message.Code ?? 'Message'}: ${message.Value ?? ''}`.slice(0, 200));
    nextToken = page.NextToken;
  } while (nextToken && pages < MAX_PAGES_PER_CALL);
  if (nextToken) messages.push(`Stopped after ${MAX_PAGES_PER_CALL} pages with a NextToken left`);
  return { results, pages, messages };
}
