import * as z from 'zod';
import { describeIssue } from '../events/schema-issues';
import type { AlarmMetric, EventEnvelope, ResourceRef, TypedEvent, Unparsed } from '../events/event-model';
import {
  AlarmTarget,
  outcomeOf,
  partitionOf,
  ServiceModule,
  typedEvent,
  unparsedEvent,
  updateStoredResource,
  validArn,
} from '../events/services/service-module';
import { parseMediaPackageArn } from './arn';
import { mediaPackageChangeCalls } from './mediapackage-changes';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from './mediapackage-model';

/**
 * MediaPackage v1 events (reference §4) and alarm dimensions (§3: Channel, OriginEndpoint, IngestEndpoint).
 * Input and key-provider notifications apply to the stored `#META` item of the channel or origin endpoint when the
 * poller has stored it (`inputNotification`, `inputError`, `keyProviderError`, conditional on the event time), and the
 * resource is re-polled (coalesced) whether or not the update landed. Harvest jobs are history only (a harvest job is
 * not a polled resource). Everything is recorded in history. ARNs are AWS's (`…:channels/<guid>`) or moto's
 * (`arn:aws:mediapackage:channel:<Id>`), both read by `parseMediaPackageArn`.
 */

const notificationSchema = z.looseObject({
  event: z.string().min(1).max(128),
  message: z.string().max(4_000).optional().catch(undefined),
});
const harvestJobSchema = z.looseObject({
  harvest_job: z.looseObject({
    id: z.string().min(1).max(256),
    arn: z.string().optional().catch(undefined),
    status: z.string().max(32),
    origin_endpoint_id: z.string().max(256).optional().catch(undefined),
    start_time: z.string().max(64).optional().catch(undefined),
    end_time: z.string().max(64).optional().catch(undefined),
  }),
  message: z.string().max(4_000).optional().catch(undefined),
});

const DETAIL_TYPES = {
  input: 'MediaPackage Input Notification',
  keyProvider: 'MediaPackage Key Provider Notification',
  harvestJob: 'MediaPackage HarvestJob Notification',
} as const;

/** `channels/<id>` → channel, `origin_endpoints/<id>` → origin-endpoint, `harvest_jobs/<id>` → harvest-job. */
const RESOURCE_KINDS: Readonly<Record<string, string>> = {
  channels: 'channel',
  origin_endpoints: 'origin-endpoint',
  harvest_jobs: 'harvest-job',
};

export const mediaPackageService: ServiceModule = {
  name: 'mediapackage',
  eventSource: 'aws.mediapackage',
  namespace: 'AWS/MediaPackage',
  detailTypes: Object.values(DETAIL_TYPES),
  parseEvent,
  changeCalls: mediaPackageChangeCalls,
  alarmTargets,
};

/** The polled resource kinds of the events' `resources`, by `parseMediaPackageArn`'s kind. */
const POLLED_KINDS = { channel: 'channel', originEndpoint: 'origin-endpoint' } as const;

function resourceOf(envelope: EventEnvelope): (ResourceRef & { polled: boolean }) | undefined {
  for (const candidate of envelope.resources) {
    const polled = typeof candidate === 'string' ? parseMediaPackageArn(candidate) : undefined;
    if (polled) return { arn: candidate, kind: POLLED_KINDS[polled.kind], polled: true };
    const parsed = validArn(candidate);
    if (parsed?.service === 'mediapackage')
      return { arn: candidate, kind: RESOURCE_KINDS[parsed.resourceType] ?? parsed.resourceType, polled: false };
  }
  return undefined;
}

function parseEvent(envelope: EventEnvelope): TypedEvent | Unparsed {
  switch (envelope.detailType) {
    case DETAIL_TYPES.input:
    case DETAIL_TYPES.keyProvider: {
      const parsed = notificationSchema.safeParse(envelope.detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const resource = resourceOf(envelope);
      if (!resource) return unparsedEvent('invalid-event', 'resources holds no MediaPackage ARN');
      const keyProvider = envelope.detailType === DETAIL_TYPES.keyProvider;
      const notification = {
        event: parsed.data.event,
        ...(parsed.data.message ? { message: parsed.data.message } : {}),
        at: envelope.time,
      };
      const isError = /error/i.test(parsed.data.event);
      const fields = keyProvider
        ? { keyProviderError: notification }
        : { inputNotification: notification, ...(isError ? { inputError: notification } : {}) };
      const type = keyProvider ? 'mediapackage:key-provider' : 'mediapackage:input';
      const summary = `${parsed.data.event}${parsed.data.message ? `: ${parsed.data.message}` : ''}`;
      const ref: ResourceRef = { arn: resource.arn, kind: resource.kind };
      return typedEvent(envelope, type, summary, notification, async (context) => {
        const result = await updateStoredResource(context, resource.arn, envelope.version, fields);
        // Re-polled whether or not the update landed: the re-read is what the resource is now.
        return outcomeOf(result, [ref], resource.polled ? [resource.arn] : []);
      });
    }
    case DETAIL_TYPES.harvestJob: {
      const parsed = harvestJobSchema.safeParse(envelope.detail);
      if (!parsed.success) return unparsedEvent('invalid-detail', describeIssue(parsed.error));
      const job = parsed.data.harvest_job;
      const jobArn = validArn(job.arn)?.service === 'mediapackage' ? (job.arn as string) : resourceOf(envelope)?.arn;
      if (!jobArn) return unparsedEvent('invalid-event', 'HarvestJob Notification without a MediaPackage ARN');
      const detail = {
        id: job.id,
        status: job.status,
        ...(job.origin_endpoint_id ? { originEndpointId: job.origin_endpoint_id } : {}),
        ...(job.start_time ? { startTime: job.start_time } : {}),
        ...(job.end_time ? { endTime: job.end_time } : {}),
        ...(parsed.data.message ? { message: parsed.data.message } : {}),
      };
      const summary = `Harvest job ${job.id} ${job.status}${parsed.data.message ? `: ${parsed.data.message}` : ''}`;
      // History only: harvest jobs are not stored resources.
      return typedEvent(envelope, 'mediapackage:harvest-job', summary, detail, async () =>
        outcomeOf('missing', [{ arn: jobArn, kind: 'harvest-job' }]),
      );
    }
    default:
      return unparsedEvent(
        'unknown-detail-type',
        `unsupported MediaPackage detail-type "${envelope.detailType.slice(0, 100)}"`,
      );
  }
}

/**
 * Channel and OriginEndpoint dimensions (ActiveInput: IngestEndpoint + OriginEndpoint). Which id they hold (the user
 * Id or the GUID at the end of the ARN) is ambiguous (reference §3): the applier first looks the value up as a listing
 * name (the poller stores each resource under its Id: one bounded GSI1 Query, no scan), and otherwise uses the ARN
 * built with the value as its GUID.
 */
function alarmTargets(metric: AlarmMetric, where: { account: string; region: string }): AlarmTarget[] {
  const dims = metric.dimensions;
  const prefix = `arn:${partitionOf(where.region)}:mediapackage:${where.region}:${where.account}`;
  const valid = (value: string | undefined): value is string =>
    typeof value === 'string' && /^[\w-]{1,256}$/.test(value);
  const qualifiers = Object.fromEntries(
    Object.entries(dims).filter(([name]) => name !== 'Channel' && name !== 'OriginEndpoint'),
  );
  if (valid(dims.OriginEndpoint)) {
    const resource: ResourceRef = { arn: `${prefix}:origin_endpoints/${dims.OriginEndpoint}`, kind: 'origin-endpoint' };
    const byName = { type: ORIGIN_ENDPOINT_TYPE, name: dims.OriginEndpoint, kind: 'origin-endpoint' } as const;
    return [{ resource, owner: resource, qualifiers, byName }];
  }
  if (valid(dims.Channel)) {
    const resource: ResourceRef = { arn: `${prefix}:channels/${dims.Channel}`, kind: 'channel' };
    return [
      { resource, owner: resource, qualifiers, byName: { type: CHANNEL_TYPE, name: dims.Channel, kind: 'channel' } },
    ];
  }
  return [];
}
