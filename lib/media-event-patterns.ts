import type * as events from 'aws-cdk-lib/aws-events';
import { SERVICE_MODULES } from '../lambdas/events/services/service-registry';

/**
 * The EventBridge patterns of what the monitor ingests, in one place: the monitoring stack's rules (lib/event-ingest.ts)
 * and a member account's forwarding rule (lib/media-monitor-member-stack.ts) use the same ones, so they cannot drift.
 */

/**
 * The EventBridge events the monitor ingests, per source: exactly the detail-types the service modules parse
 * (`lambdas/events/services/*`), so a detail-type a parser handles is always routed, and no rule routes one that would
 * only be recorded as unparsed.
 */
export const MEDIA_EVENT_DETAIL_TYPES: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  SERVICE_MODULES.map((service) => [service.eventSource, [...service.detailTypes]]),
);

/** CloudWatch alarm state changes are ingested only for alarms on these namespaces. */
export const MEDIA_METRIC_NAMESPACES = ['AWS/MediaConnect', 'AWS/MediaLive', 'AWS/MediaPackage'] as const;

/** One pattern per media service source: its parsed detail-types. */
export function mediaServiceEventPatterns(): Record<string, events.EventPattern> {
  return Object.fromEntries(
    Object.entries(MEDIA_EVENT_DETAIL_TYPES).map(([source, detailTypes]) => [
      source,
      { source: [source], detailType: [...detailTypes] },
    ]),
  );
}

/** State changes of CloudWatch alarms on a media-service metric. */
export function mediaAlarmEventPattern(): events.EventPattern {
  // EventBridge flattens arrays of objects: the pattern matches when any entry of `metrics` is on a namespace.
  return {
    source: ['aws.cloudwatch'],
    detailType: ['CloudWatch Alarm State Change'],
    detail: { configuration: { metrics: { metricStat: { metric: { namespace: [...MEDIA_METRIC_NAMESPACES] } } } } },
  };
}
