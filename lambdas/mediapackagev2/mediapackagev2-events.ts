import * as z from 'zod';
import type { AlarmMetric, EventEnvelope, ResourceRef, TypedEvent, Unparsed } from '../events/event-model';
import { describeIssue } from '../events/schema-issues';
import {
  AlarmTarget,
  outcomeOf,
  ServiceModule,
  typedEvent,
  unparsedEvent,
  validArn,
} from '../events/services/service-module';
import { mediaPackageV2Arn, parseMediaPackageV2Arn } from './arn';
import { mediaPackageV2ChangeCalls } from './mediapackagev2-changes';
import { MEDIAPACKAGE_NAMESPACE } from './metric-catalog';

/**
 * MediaPackage v2 on the real-time path. EventBridge's reference for `aws.mediapackagev2` (docs.aws.amazon.com/
 * eventbridge/latest/ref/events-ref-mediapackagev2.html) lists one service event, `MediaPackageV2 HarvestJob
 * Notification`; v2 sends no input-switch, ingest or key-provider events (v1's `MediaPackage Input Notification` and
 * `Key Provider Notification` are `aws.mediapackage` only). The notification's detail is not documented, so it is read
 * leniently: the job's name, status and message under `harvestJob` / `harvest_job` or at the top, in camelCase,
 * snake_case or AWS's PascalCase. Harvest jobs are not stored resources: history only, against the origin endpoint the
 * job's ARN names.
 *
 * Alarms: v2 shares the `AWS/MediaPackage` namespace with v1; its metrics carry `ChannelGroup`, which v1's never do.
 */

const DETAIL_TYPES = { harvestJob: 'MediaPackageV2 HarvestJob Notification' } as const;

const text = (max: number) => z.string().min(1).max(max).optional().catch(undefined);
const jobSchema = z.looseObject({
  harvestJobName: text(256),
  HarvestJobName: text(256),
  harvest_job_name: text(256),
  id: text(256),
  status: text(32),
  Status: text(32),
  message: text(4_000),
  errorMessage: text(4_000),
  ErrorMessage: text(4_000),
  error_message: text(4_000),
  arn: text(2_048),
  Arn: text(2_048),
});
const detailSchema = z.looseObject({
  harvestJob: jobSchema.optional().catch(undefined),
  harvest_job: jobSchema.optional().catch(undefined),
  message: text(4_000),
});

export const mediaPackageV2Service: ServiceModule = {
  name: 'mediapackagev2',
  eventSource: 'aws.mediapackagev2',
  namespace: MEDIAPACKAGE_NAMESPACE,
  detailTypes: Object.values(DETAIL_TYPES),
  parseEvent,
  changeCalls: mediaPackageV2ChangeCalls,
  alarmTargets,
};

/** The origin endpoint ARN of a harvest job ARN (`…/originEndpoint/<e>/harvestJob/<j>`), or of an endpoint ARN. */
export function harvestJobEndpoint(arn: string): { endpointArn: string; jobName?: string } | undefined {
  const match = /^(.*\/originEndpoint\/[A-Za-z0-9_-]{1,256})(?:\/harvestJob\/([A-Za-z0-9_-]{1,256}))?$/.exec(arn);
  if (!match || parseMediaPackageV2Arn(match[1]!)?.kind !== 'originEndpoint') return undefined;
  return { endpointArn: match[1]!, ...(match[2] ? { jobName: match[2] } : {}) };
}

function parseEvent(envelope: EventEnvelope): TypedEvent | Unparsed {
  if (envelope.detailType !== DETAIL_TYPES.harvestJob)
    return unparsedEvent(
      'unknown-detail-type',
      `unsupported MediaPackage v2 detail-type "${envelope.detailType.slice(0, 100)}"`,
    );
  const parsed = detailSchema.safeParse(envelope.detail);
  if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
  const job = parsed.data.harvestJob ?? parsed.data.harvest_job ?? jobSchema.parse(parsed.data);
  const candidates = [job.arn, job.Arn, ...envelope.resources];
  const target = candidates
    .filter((c): c is string => validArn(c)?.service === 'mediapackagev2')
    .map((c) => ({ arn: c, ...harvestJobEndpoint(c) }))
    .find((c) => c.endpointArn);
  if (!target?.endpointArn)
    return unparsedEvent('invalid-event', 'HarvestJob Notification without an origin endpoint ARN');
  const name = job.harvestJobName ?? job.HarvestJobName ?? job.harvest_job_name ?? job.id ?? target.jobName;
  const status = job.status ?? job.Status;
  const message = job.message ?? job.errorMessage ?? job.ErrorMessage ?? job.error_message ?? parsed.data.message;
  const detail = {
    ...(name ? { harvestJobName: name } : {}),
    ...(status ? { status } : {}),
    ...(message ? { message } : {}),
    harvestJobArn: target.arn,
    originEndpointArn: target.endpointArn,
  };
  const summary = `Harvest job ${name ?? target.arn.split('/').pop()} ${status ?? 'notification'}${message ? `: ${message}` : ''}`;
  const affected: ResourceRef[] = [{ arn: target.endpointArn, kind: 'origin-endpoint' }];
  // History only: a harvest job is not a stored resource, and nothing on the endpoint changes.
  return typedEvent(envelope, 'mediapackagev2:harvest-job', summary, detail, async () =>
    outcomeOf('missing', affected),
  );
}

/**
 * `ChannelGroup` (+ `Channel` (+ `OriginEndpoint`)) name the group, channel or endpoint by name: their ARNs are built in
 * the alarm's account and region. Metrics without `ChannelGroup` are v1's, and name nothing here.
 */
function alarmTargets(metric: AlarmMetric, where: { account: string; region: string }): AlarmTarget[] {
  const dims = metric.dimensions;
  const valid = (value: string | undefined): value is string =>
    typeof value === 'string' && /^[A-Za-z0-9_-]{1,256}$/.test(value);
  if (!valid(dims.ChannelGroup)) return [];
  const qualifiers = Object.fromEntries(
    Object.entries(dims).filter(([name]) => !['ChannelGroup', 'Channel', 'OriginEndpoint'].includes(name)),
  );
  let resource: ResourceRef;
  if (valid(dims.Channel) && valid(dims.OriginEndpoint))
    resource = {
      arn: mediaPackageV2Arn(where, dims.ChannelGroup, dims.Channel, dims.OriginEndpoint),
      kind: 'origin-endpoint',
    };
  else if (valid(dims.Channel))
    resource = { arn: mediaPackageV2Arn(where, dims.ChannelGroup, dims.Channel), kind: 'channel' };
  else resource = { arn: mediaPackageV2Arn(where, dims.ChannelGroup), kind: 'channel-group' };
  return [{ resource, owner: resource, ...(Object.keys(qualifiers).length ? { qualifiers } : {}) }];
}
