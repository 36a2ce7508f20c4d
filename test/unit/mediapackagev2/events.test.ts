import type { EventEnvelope, TypedEvent, Unparsed } from '../../../lambdas/events/event-model';
import { serviceForEventSource, serviceForNamespace } from '../../../lambdas/events/services/service-registry';
import { harvestJobEndpoint, mediaPackageV2Service } from '../../../lambdas/mediapackagev2/mediapackagev2-events';
import { ACCOUNT, CHANNEL_ARN, ENDPOINT_ARN, GROUP_ARN, REGION } from './mediapackagev2-fixtures';

const JOB_ARN = `${ENDPOINT_ARN}/harvestJob/clip-1`;

function envelope(detailType: string, detail: Record<string, unknown>, resources: string[] = [JOB_ARN]): EventEnvelope {
  return {
    id: 'e-1',
    source: 'aws.mediapackagev2',
    detailType,
    account: ACCOUNT,
    region: REGION,
    time: '2026-03-01T10:00:00.000Z',
    version: Date.parse('2026-03-01T10:00:00.000Z'),
    resources,
    detail,
  };
}

const where = { account: ACCOUNT, region: REGION };
const metric = (dimensions: Record<string, string>) => ({
  namespace: 'AWS/MediaPackage',
  metricName: 'EgressRequestCount',
  dimensions,
});

describe('MediaPackage v2 events', () => {
  it('is the module of the aws.mediapackagev2 source, with the documented harvest job detail-type only', () => {
    // Act
    const module = serviceForEventSource('aws.mediapackagev2');

    // Assess
    expect(module).toBe(mediaPackageV2Service);
    expect(module!.detailTypes).toEqual(['MediaPackageV2 HarvestJob Notification']);
  });

  it('types a harvest job notification as history against its origin endpoint, changing nothing stored', async () => {
    // Prepare
    const event = mediaPackageV2Service.parseEvent(
      envelope('MediaPackageV2 HarvestJob Notification', {
        harvestJob: { harvestJobName: 'clip-1', status: 'FAILED', errorMessage: 'S3 access denied' },
      }),
    ) as TypedEvent;

    // Act
    const outcome = await event.apply({} as never);

    // Assess
    expect(event.type).toBe('mediapackagev2:harvest-job');
    expect(event.summary).toBe('Harvest job clip-1 FAILED: S3 access denied');
    expect(event.detail).toEqual({
      harvestJobName: 'clip-1',
      status: 'FAILED',
      message: 'S3 access denied',
      harvestJobArn: JOB_ARN,
      originEndpointArn: ENDPOINT_ARN,
    });
    expect(outcome).toEqual({
      affected: [{ arn: ENDPOINT_ARN, kind: 'origin-endpoint' }],
      repollArns: [],
      writes: 0,
      stale: 0,
    });
  });

  it('reads the job from PascalCase or top-level fields, and its name from the ARN when the detail has none', () => {
    // Act
    const pascal = mediaPackageV2Service.parseEvent(
      envelope('MediaPackageV2 HarvestJob Notification', { Status: 'COMPLETED', HarvestJobName: 'clip-2' }),
    ) as TypedEvent;
    const bare = mediaPackageV2Service.parseEvent(envelope('MediaPackageV2 HarvestJob Notification', {})) as TypedEvent;

    // Assess
    expect(pascal.summary).toBe('Harvest job clip-2 COMPLETED');
    expect(bare.detail).toMatchObject({ harvestJobName: 'clip-1', originEndpointArn: ENDPOINT_ARN });
  });

  it('leaves unparsed a notification naming no origin endpoint, and another detail-type', () => {
    // Act
    const noArn = mediaPackageV2Service.parseEvent(
      envelope('MediaPackageV2 HarvestJob Notification', { status: 'FAILED' }, [CHANNEL_ARN]),
    ) as Unparsed;
    const other = mediaPackageV2Service.parseEvent(envelope('MediaPackageV2 Input Notification', {})) as Unparsed;

    // Assess
    expect(noArn).toMatchObject({ kind: 'unparsed', reason: 'invalid-event' });
    expect(other).toMatchObject({ kind: 'unparsed', reason: 'unknown-detail-type' });
  });

  it('finds the origin endpoint of a harvest job ARN', () => {
    // Act
    const found = [harvestJobEndpoint(JOB_ARN), harvestJobEndpoint(ENDPOINT_ARN), harvestJobEndpoint(CHANNEL_ARN)];

    // Assess
    expect(found).toEqual([{ endpointArn: ENDPOINT_ARN, jobName: 'clip-1' }, { endpointArn: ENDPOINT_ARN }, undefined]);
  });

  it('names the endpoint, channel or group an alarm dimension set names, keeping other dimensions as qualifiers', () => {
    // Act
    const endpoint = mediaPackageV2Service.alarmTargets(
      metric({ ChannelGroup: 'live', Channel: 'news', OriginEndpoint: 'hls-ts', StatusCodeRange: '5xx' }),
      where,
    );
    const channel = mediaPackageV2Service.alarmTargets(metric({ ChannelGroup: 'live', Channel: 'news' }), where);
    const group = mediaPackageV2Service.alarmTargets(metric({ ChannelGroup: 'live' }), where);
    const v1 = mediaPackageV2Service.alarmTargets(metric({ Channel: 'abc', OriginEndpoint: 'def' }), where);

    // Assess
    expect(endpoint).toEqual([
      {
        resource: { arn: ENDPOINT_ARN, kind: 'origin-endpoint' },
        owner: { arn: ENDPOINT_ARN, kind: 'origin-endpoint' },
        qualifiers: { StatusCodeRange: '5xx' },
      },
    ]);
    expect(channel[0]!.resource).toEqual({ arn: CHANNEL_ARN, kind: 'channel' });
    expect(group[0]!.resource).toEqual({ arn: GROUP_ARN, kind: 'channel-group' });
    expect(v1).toEqual([]);
  });

  it('routes AWS/MediaPackage alarms with a ChannelGroup to v2 and the others to v1', () => {
    // Prepare
    const module = serviceForNamespace('AWS/MediaPackage')!;

    // Act
    const v2 = module.alarmTargets(metric({ ChannelGroup: 'live', Channel: 'news' }), where);
    const v1 = module.alarmTargets(metric({ Channel: 'abc123' }), where);

    // Assess
    expect(v2.map((t) => t.resource.arn)).toEqual([CHANNEL_ARN]);
    expect(v1.map((t) => t.resource.arn)).toEqual([`arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/abc123`]);
  });
});
