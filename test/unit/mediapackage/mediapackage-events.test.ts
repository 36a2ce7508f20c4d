import { ingestMessages } from '../../../lambdas/events/ingest';
import {
  ACCOUNT,
  fixture,
  MP_CHANNEL_ARN,
  MP_ENDPOINT_ARN,
  rawMessage,
  REGION,
  snsEnvelope,
  testIngest,
} from '../events/event-fixtures';

/**
 * MediaPackage v1 through the real-time path: notifications update the stored channel or endpoint and re-poll it;
 * alarm dimensions that hold the user Id find the stored resource through its listing name (one GSI1 Query).
 */

const VERSION = Date.parse('2024-05-14T10:00:00Z');

function stored(type: 'channel' | 'origin-endpoint', arn: string, id: string) {
  return {
    pk: `RES#${arn}`,
    sk: '#META',
    type: `mediapackage:${type}`,
    arn,
    id,
    name: id,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(VERSION).toISOString(),
    version: VERSION,
    gsi1pk: `LIST#mediapackage:${type}#${ACCOUNT}#${REGION}`,
    gsi1sk: `${id}#${arn}`,
    hash: 'h',
    treeHash: 't',
  };
}

function alarmOn(dimensions: Record<string, string>, name = 'mp-alarm') {
  return {
    ...fixture('alarm-message-mediapackage'),
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    Trigger: {
      ...(fixture('alarm-message-mediapackage').Trigger as object),
      Dimensions: Object.entries(dimensions).map(([n, value]) => ({ name: n, value })),
    },
  };
}

describe('MediaPackage v1 events and alarms', () => {
  it('records an input error on the stored channel and re-polls it', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(stored('channel', MP_CHANNEL_ARN, 'news'));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('mediapackage-input-notification'))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', repollArns: [MP_CHANNEL_ARN] });
    expect(t.store.item(`RES#${MP_CHANNEL_ARN}`, '#META')).toMatchObject({
      inputError: { event: 'MaxIngestStreamsError', at: '2024-05-14T10:15:30.000Z' },
      inputNotification: { event: 'MaxIngestStreamsError' },
    });
    expect(t.repoller.calls).toEqual([MP_CHANNEL_ARN]);
  });

  it('re-polls an endpoint named by a moto ARN after a key provider error, stored or not', async () => {
    // Prepare
    const motoArn = 'arn:aws:mediapackage:origin_endpoint:news-hls';
    const t = testIngest();
    const event = { ...fixture('mediapackage-key-provider-notification'), resources: [motoArn] };

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ repollArns: [motoArn] });
    expect(t.repoller.calls).toEqual([motoArn]);
  });

  it('re-polls nothing for a harvest job, which is not a polled resource', async () => {
    // Prepare
    const t = testIngest();

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(fixture('mediapackage-harvest-job-notification'))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ repollArns: [] });
    expect(t.repoller.calls).toEqual([]);
  });

  it('places an alarm whose OriginEndpoint is the user Id on the stored endpoint found by its listing name', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(stored('origin-endpoint', MP_ENDPOINT_ARN, 'news-hls'));
    const alarm = alarmOn({ Channel: 'news', OriginEndpoint: 'news-hls', StatusCodeRange: '5xx' });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(alarm))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', repollArns: [MP_ENDPOINT_ARN] });
    expect(t.store.item(`RES#${MP_ENDPOINT_ARN}`, 'ALARM#mp-alarm')).toMatchObject({
      state: 'ALARM',
      resourceKind: 'origin-endpoint',
      qualifiers: { StatusCodeRange: '5xx' },
    });
  });

  it('places an alarm whose Channel is the user Id on the stored channel', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(stored('channel', MP_CHANNEL_ARN, 'news'));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(alarmOn({ Channel: 'news' })))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ repollArns: [MP_CHANNEL_ARN] });
    expect(t.store.item(`RES#${MP_CHANNEL_ARN}`, 'ALARM#mp-alarm')).toMatchObject({ resourceKind: 'channel' });
  });

  it('places an ActiveInput alarm on its origin endpoint, keeping the ingest endpoint as a qualifier', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(stored('origin-endpoint', MP_ENDPOINT_ARN, 'news-hls'));
    const alarm = alarmOn({ IngestEndpoint: '9999aaaabbbbccccddddeeeeffff0000', OriginEndpoint: 'news-hls' });

    // Act
    await ingestMessages(t.deps, [rawMessage(snsEnvelope(alarm))]);

    // Assess
    expect(t.store.item(`RES#${MP_ENDPOINT_ARN}`, 'ALARM#mp-alarm')).toMatchObject({
      qualifiers: { IngestEndpoint: '9999aaaabbbbccccddddeeeeffff0000' },
    });
  });

  it('builds the ARN from a GUID dimension when no stored resource has it as its name', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(stored('origin-endpoint', MP_ENDPOINT_ARN, 'news-hls'));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(fixture('alarm-message-mediapackage')))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ repollArns: [MP_ENDPOINT_ARN] });
    expect(t.store.item(`RES#${MP_ENDPOINT_ARN}`, 'ALARM#mp-egress-5xx')).toMatchObject({ state: 'ALARM' });
  });

  it('reads the ARN from the listing sort key when the index does not project it', async () => {
    // Prepare
    const t = testIngest();
    const { arn: _omitted, ...withoutArn } = stored('channel', MP_CHANNEL_ARN, 'news');
    t.store.seed(withoutArn);

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(alarmOn({ Channel: 'news' })))]);

    // Assess
    expect(_omitted).toBe(MP_CHANNEL_ARN);
    expect(result.outcomes[0]).toMatchObject({ repollArns: [MP_CHANNEL_ARN] });
  });

  it('ignores a tombstoned resource of that name and falls back to the built ARN', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed({ ...stored('channel', MP_CHANNEL_ARN, 'news'), tombstone: true });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(snsEnvelope(alarmOn({ Channel: 'news' })))]);

    // Assess
    const built = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/news`;
    expect(result.outcomes[0]).toMatchObject({ repollArns: [built] });
  });
});
