import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { MetricDefinition, MetricKind, MetricResource } from '../polling/metric-kind';
import type { MetricScope } from '../store/keys';
import { MetricSelection, metricsOfKind } from './metric-catalog';
import type { Series } from './metric-series';

/** GetMetricData takes at most 500 MetricDataQuery per call (moto accepts more; AWS rejects them). */
export const MAX_QUERIES_PER_CALL = 500;

/** A guard against a service that never stops paginating; AWS pages at 100,800 datapoints, so real cycles need a few. */
export const MAX_PAGES_PER_CALL = 50;

/** A valid GetMetricData query Id: a lower-case letter first, then letters, digits and underscores. */
export const QUERY_ID_PATTERN = /^[a-z][A-Za-z0-9_]*$/;

/** The metric resources of one stored resource (a flow, a channel) of one kind. */
export interface ParentMetricResources {
  readonly kind: MetricKind;
  /** The resource whose partition holds the metrics items. */
  readonly parentArn: string;
  /** From `kind.metricResources`: the parent's own resource first. */
  readonly resources: readonly MetricResource[];
}

/** One metric of one metric resource: what a query asks for, and where its answer is stored. */
export interface MetricTarget {
  readonly parentArn: string;
  readonly resource: MetricResource;
  readonly metric: MetricDefinition;
}

/** The queries of one GetMetricData call, and the map from each query Id back to its target. */
export interface PackedCall {
  queries: MetricDataQuery[];
  targets: Map<string, MetricTarget>;
}

/**
 * Every (resource, metric) pair the selection asks for, across all given parents of every kind: each resource gets
 * the selected metrics of its kind's catalog in its scope.
 */
export function buildMetricTargets(
  parents: readonly ParentMetricResources[],
  selection: MetricSelection,
): MetricTarget[] {
  const targets: MetricTarget[] = [];
  const byKindScope = new Map<string, readonly MetricDefinition[]>();
  const metricsOf = (kind: MetricKind, scope: MetricScope) => {
    const key = `${kind.type}\u0000${scope}`;
    let metrics = byKindScope.get(key);
    if (!metrics) byKindScope.set(key, (metrics = metricsOfKind(selection, kind, scope)));
    return metrics;
  };
  for (const parent of parents)
    for (const resource of parent.resources)
      for (const metric of metricsOf(parent.kind, resource.scope))
        targets.push({ parentArn: parent.parentArn, resource, metric });
  return targets;
}

/** `q0`, `q1`, …: unique within a call, and valid as a GetMetricData Id. */
export const queryId = (index: number): string => `q${index}`;

/**
 * Packs all targets, across parents and kinds, into as few calls as possible: ceil(targets / maxPerCall) calls, each with at most
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
        Namespace: target.metric.namespace,
        MetricName: target.metric.name,
        Dimensions: Object.entries({ ...target.resource.dimensions, ...target.metric.dimensions }).map(
          ([Name, Value]) => ({ Name, Value }),
        ),
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
