import { cloudTrailEvent, wireShape } from '../../../bin/local/cloudtrail-events';
import type { ChangeCallTable, ServiceChangeCalls } from '../../../lambdas/events/change-calls';
import { parseChangeEvent } from '../../../lambdas/events/change-events';
import type { ApplyContext, EventEnvelope, TypedEvent } from '../../../lambdas/events/event-model';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { ingestMessages } from '../../../lambdas/events/ingest';
import { parseTrailingRepoll, trailingRepollBody } from '../../../lambdas/events/trailing-repoll';
import { readChangePath } from '../../../lambdas/store/change-path';
import { ACCOUNT, FLOW_ARN, MP_CHANNEL_ARN, NOW, rawMessage, REGION, storedFlow, testIngest } from './event-fixtures';

/**
 * The change path in the ingest (events/change-events.ts), through `ingestMessages`: which CloudTrail calls change
 * nothing (failed, read-only, unwatched, another account's), what is recorded as unparsed, what a watched call stores
 * and re-polls, and that its history never holds the call's parameters.
 */

const OTHER_ACCOUNT = '999988887777';
const FOREIGN_FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${OTHER_ACCOUNT}:flow:1-99aa88bb77cc66dd-55ee44ff33aa:Partner`;
const CALLED_AT = NOW - 5_000;

/** A MediaConnect call on moto's behalf, as CloudTrail delivers it through EventBridge. */
function mediaConnectCall(
  eventName: string,
  requestParameters: Record<string, unknown>,
  extra: Partial<Parameters<typeof cloudTrailEvent>[0]> = {},
) {
  return cloudTrailEvent({
    service: 'mediaconnect',
    eventName,
    account: ACCOUNT,
    region: REGION,
    time: new Date(CALLED_AT),
    requestParameters,
    ...extra,
  });
}

/** The event with its detail changed. */
function withDetail(event: Record<string, unknown>, change: (detail: Record<string, unknown>) => void) {
  const copy = structuredClone(event);
  change(copy.detail as Record<string, unknown>);
  return copy;
}

describe('ingestMessages: CloudTrail change calls', () => {
  it('re-polls the flow of a watched call, records it in the flow’s history and on the change path', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(storedFlow(FLOW_ARN, 'ACTIVE'));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(mediaConnectCall('StopFlow', { flowArn: FLOW_ARN }))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({
      result: 'applied',
      kind: 'mediaconnect:change',
      repollArns: [FLOW_ARN],
    });
    expect(result.repolls).toMatchObject({ issued: 1, trailingScheduled: 0 });
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toEqual([
      expect.objectContaining({
        kind: 'mediaconnect:change',
        source: 'aws.mediaconnect',
        detailType: 'AWS API Call via CloudTrail',
        resourceKind: 'flow',
        summary: `StopFlow by arn:aws:sts::${ACCOUNT}:assumed-role/MediaOperator/operator`,
        detail: {
          eventName: 'StopFlow',
          eventId: expect.any(String),
          eventTime: new Date(CALLED_AT).toISOString(),
          actor: `arn:aws:sts::${ACCOUNT}:assumed-role/MediaOperator/operator`,
          awsRegion: REGION,
          recipientAccountId: ACCOUNT,
          verb: 'update',
          targets: [FLOW_ARN],
        },
      }),
    ]);
    // The event writes no state of its own: the re-poll reads the flow.
    expect(t.store.item(`RES#${FLOW_ARN}`, '#META')).toMatchObject({ status: 'ACTIVE' });
    const path = await readChangePath(t.store, { account: ACCOUNT, region: REGION });
    expect(path.state).toMatchObject({ lastEventAtMs: CALLED_AT, lastEventName: 'StopFlow', lastEventArn: FLOW_ARN });
    expect(path.calls).toEqual([{ eventName: 'StopFlow', arn: FLOW_ARN, confirmedAtMs: CALLED_AT }]);
  });

  it('schedules one trailing re-poll of a deleted flow, which AWS may still show as DELETING', async () => {
    // Prepare
    const t = testIngest({ repollWindowSeconds: 10 });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(mediaConnectCall('DeleteFlow', { flowArn: FLOW_ARN }))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ kind: 'mediaconnect:change', settleArns: [FLOW_ARN] });
    expect(result.repolls).toMatchObject({ issued: 1, trailingScheduled: 1 });
    expect(t.trailing.sent).toEqual([{ request: { arn: FLOW_ARN, windowStart: NOW }, delaySeconds: 11 }]);
    expect(t.repoller.calls).toEqual([FLOW_ARN]);
  });

  it('re-polls a deleted flow again when its trailing re-poll comes back after the window', async () => {
    // Prepare
    const t = testIngest({ repollWindowSeconds: 10 });
    await ingestMessages(t.deps, [rawMessage(mediaConnectCall('DeleteFlow', { flowArn: FLOW_ARN }))]);
    const [sent] = t.trailing.sent;
    t.clock.advance(11_000);
    const back = { ...rawMessage(trailingRepollBody(sent!.request)) };

    // Act
    const result = await ingestMessages(t.deps, [back]);

    // Assess
    expect(parseTrailingRepoll(back)).toEqual(sent!.request);
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'repoll-request' });
    expect(t.repoller.calls).toEqual([FLOW_ARN, FLOW_ARN]);
  });

  it('schedules no trailing re-poll of its own for a delete whose window another event opened', async () => {
    // Prepare: a StopFlow opened the window; the delete is coalesced into it and marks its trailing re-poll.
    const t = testIngest({ repollWindowSeconds: 10 });
    await ingestMessages(t.deps, [rawMessage(mediaConnectCall('StopFlow', { flowArn: FLOW_ARN }))]);
    t.clock.advance(2_000);

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(mediaConnectCall('DeleteFlow', { flowArn: FLOW_ARN }))]);

    // Assess
    expect(result.repolls).toMatchObject({ issued: 0, coalesced: 1, trailingScheduled: 1 });
    expect(t.trailing.sent).toEqual([{ request: { arn: FLOW_ARN, windowStart: NOW }, delaySeconds: 9 }]);
  });

  it('ignores a failed call: no state, no history, no re-poll, not a delivery of the change path; counted', async () => {
    // Prepare
    const t = testIngest();
    const event = mediaConnectCall('StopFlow', { flowArn: FLOW_ARN }, { errorCode: 'BadRequestException' });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'change:ignored-failed', repollArns: [] });
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk('EVENTS#')).toEqual([]);
    expect(t.store.itemsWithPk('CHANGEPATH#')).toEqual([]);
    expect(t.metrics.counts).toMatchObject({ MessagesApplied: 1, ChangeCallsIgnored: 1 });
  });

  it('ignores a read-only call', async () => {
    // Prepare
    const t = testIngest();
    const event = withDetail(mediaConnectCall('DescribeFlow', { flowArn: FLOW_ARN }), (d) => (d.readOnly = true));

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'change:ignored-read-only', repollArns: [] });
    expect(t.repoller.calls).toEqual([]);
    expect(t.metrics.get('ChangeCallsIgnored')).toBe(1);
  });

  it.each([
    ['an unwatched mutating call (a bridge’s)', 'UpdateBridgeState', { bridgeArn: 'arn:aws:mediaconnect:x' }],
    ['a call that is not mutating, even marked readOnly false', 'ListFlows', {}],
    ['a call the SDK does not have', 'RebootFlow', { flowArn: FLOW_ARN }],
  ])('ignores %s as unwatched', async (_what, eventName, parameters) => {
    // Prepare
    const t = testIngest();

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(mediaConnectCall(eventName, parameters))]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'change:ignored-unwatched', repollArns: [] });
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk('EVENTS#')).toEqual([]);
    expect(t.store.itemsWithPk('CHANGEPATH#')).toEqual([]);
    expect(t.metrics.get('ChangeCallsIgnored')).toBe(1);
  });

  it('ignores a call on a flow of another account, counts and logs it, and keeps it out of every history', async () => {
    // Prepare
    const t = testIngest();
    const warnings: string[] = [];
    const deps = {
      ...t.deps,
      logger: { info() {}, error() {}, warn: (message: string) => void warnings.push(message) },
    };
    const event = mediaConnectCall(
      'UpdateFlowOutput',
      { flowArn: FOREIGN_FLOW_ARN, outputArn: FOREIGN_FLOW_ARN.replace(':flow:', ':output:') },
      { recipientAccountId: OTHER_ACCOUNT },
    );

    // Act
    const result = await ingestMessages(deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({
      result: 'applied',
      kind: 'change:ignored-foreign-account',
      repollArns: [],
    });
    expect(t.repoller.calls).toEqual([]);
    expect(t.store.itemsWithPk('EVENTS#')).toEqual([]);
    expect(t.metrics.counts).toMatchObject({ ChangeCallsIgnored: 1, ChangeTargetsForeign: 1 });
    expect(warnings).toEqual(['change call on another account ignored']);
    // The rule delivered it: the path is live, but no call of ours is confirmed by it.
    const path = await readChangePath(t.store, { account: ACCOUNT, region: REGION });
    expect(path.state).toMatchObject({ lastEventName: 'UpdateFlowOutput' });
    expect(path.state?.lastEventArn).toBeUndefined();
    expect(path.calls).toEqual([]);
  });

  it.each([
    ['without eventName', (d: Record<string, unknown>) => delete d.eventName],
    ['without eventSource', (d: Record<string, unknown>) => delete d.eventSource],
    ['without eventTime', (d: Record<string, unknown>) => delete d.eventTime],
    ['with an eventTime that is not a time', (d: Record<string, unknown>) => (d.eventTime = 'yesterday')],
    ['from another service’s eventSource', (d: Record<string, unknown>) => (d.eventSource = 'ec2.amazonaws.com')],
    ['with requestParameters that are not an object', (d: Record<string, unknown>) => (d.requestParameters = 'x')],
  ])('records a CloudTrail event %s as unparsed, invalid-detail, with its body', async (_what, change) => {
    // Prepare
    const t = testIngest();
    const event = withDetail(mediaConnectCall('StopFlow', { flowArn: FLOW_ARN }), change);

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ result: 'unparsed', kind: 'invalid-detail' });
    const [record] = t.store.itemsWithPk('UNPARSED#');
    expect(record).toMatchObject({
      reason: 'invalid-detail',
      body: expect.stringContaining('AWS API Call via CloudTrail'),
    });
    expect(t.repoller.calls).toEqual([]);
    expect(t.metrics.get('UnparsedMessages')).toBe(1);
  });

  it('stores none of a CreateFlow’s parameters or response in history: no secret ARN, no key, no role', async () => {
    // Prepare
    const t = testIngest();
    const secretArn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:affiliate-key-Zz9Yy8`;
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/MediaConnectSecretsAccess`;
    const staticKey = '0123456789abcdef0123456789abcdef';
    const encryption = { Algorithm: 'aes256', KeyType: 'static-key', RoleArn: roleArn, SecretArn: secretArn };
    const request = wireShape({
      Name: 'AwardsShow',
      Source: { Name: 'MainSource', Protocol: 'zixi-push', Decryption: encryption, WhitelistCidr: '10.0.0.0/16' },
      Entitlements: [{ Name: 'Affiliate', Subscribers: ['444455556666'], Encryption: encryption }],
    }) as Record<string, unknown>;
    const event = mediaConnectCall(
      'CreateFlow',
      { ...request, staticKeyValue: staticKey },
      { responseElements: { flow: { flowArn: FLOW_ARN, entitlements: [{ encryption: wireShape(encryption) }] } } },
    );

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect(result.outcomes[0]).toMatchObject({ kind: 'mediaconnect:change', repollArns: [FLOW_ARN] });
    const history = t.store.itemsWithPk('EVENTS#');
    expect(history).toHaveLength(1);
    const stored = JSON.stringify(history);
    for (const secret of [secretArn, roleArn, staticKey, 'secretArn', 'encryption', 'requestParameters'])
      expect(stored).not.toContain(secret);
    expect(history[0]?.detail).toMatchObject({ eventName: 'CreateFlow', verb: 'create', targets: [FLOW_ARN] });
  });

  it('applies a redelivered call once: one history entry, one count', async () => {
    // Prepare
    const t = testIngest();
    const event = mediaConnectCall('StartFlow', { flowArn: FLOW_ARN });

    // Act
    const first = await ingestMessages(t.deps, [rawMessage(event)]);
    const again = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    expect([first.outcomes[0]?.result, again.outcomes[0]?.result]).toEqual(['applied', 'duplicate']);
    expect(t.store.itemsWithPk(`EVENTS#${FLOW_ARN}`)).toHaveLength(1);
    expect(t.metrics.get('MessagesApplied')).toBe(1);
  });

  it('keeps the change path’s last event when an older call is delivered after a newer one', async () => {
    // Prepare
    const t = testIngest();
    const newer = mediaConnectCall('StartFlow', { flowArn: FLOW_ARN });
    const older = mediaConnectCall('StopFlow', { flowArn: FLOW_ARN }, { time: new Date(CALLED_AT - 60_000) });

    // Act
    await ingestMessages(t.deps, [rawMessage(newer)]);
    await ingestMessages(t.deps, [rawMessage(older)]);

    // Assess
    const path = await readChangePath(t.store, { account: ACCOUNT, region: REGION });
    expect(path.state).toMatchObject({ lastEventName: 'StartFlow', lastEventAtMs: CALLED_AT });
    expect(path.calls.map((c) => c.eventName).sort()).toEqual(['StartFlow', 'StopFlow']);
  });
});

describe('parseChangeEvent: targets by name, by account, and a failing table', () => {
  const CHANNEL_NAME = 'news-hd-origin';
  const table: ChangeCallTable = {
    UpdateChannel: {
      verb: 'update',
      targets: (call) => [{ byName: { type: 'mediapackage:channel', name: String(call.requestParameters.id) } }],
    },
    DeleteChannel: {
      verb: 'delete',
      targets: (call) => [{ arn: String(call.requestParameters.arn) }, { arn: FOREIGN_FLOW_ARN }],
    },
    CreateChannel: {
      verb: 'create',
      targets: () => {
        throw new Error('shape not understood');
      },
    },
  };
  const calls: ServiceChangeCalls = { eventSource: 'mediapackage.amazonaws.com', calls: table };

  function envelopeOf(
    eventName: string,
    requestParameters: Record<string, unknown>,
    recipient = ACCOUNT,
  ): EventEnvelope {
    const event = cloudTrailEvent({
      service: 'mediapackage',
      eventName,
      account: ACCOUNT,
      region: REGION,
      time: new Date(CALLED_AT),
      requestParameters,
      recipientAccountId: recipient,
    });
    return {
      id: event.id as string,
      source: 'aws.mediapackage',
      detailType: 'AWS API Call via CloudTrail',
      account: ACCOUNT,
      region: REGION,
      time: new Date(CALLED_AT).toISOString(),
      version: CALLED_AT,
      resources: [],
      detail: event.detail as Record<string, unknown>,
    };
  }

  function contextOf(t: ReturnType<typeof testIngest>): ApplyContext {
    return { store: t.store, resolver: new FlowResolver(t.store, t.clock), nowMs: NOW, historyExpiresAt: NOW / 1000 };
  }

  const listed = (arn: string, tombstone = false) => ({
    pk: `RES#${arn}`,
    sk: '#META',
    arn,
    gsi1pk: `LIST#mediapackage:channel#${ACCOUNT}#${REGION}`,
    gsi1sk: `${CHANNEL_NAME}#${arn}`,
    ...(tombstone ? { tombstone: true } : {}),
  });

  it('resolves a target named by its listing name to the one live resource of that name', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(listed(MP_CHANNEL_ARN), listed(`${MP_CHANNEL_ARN}0`, true));
    const event = parseChangeEvent('mediapackage', calls, envelopeOf('UpdateChannel', { id: CHANNEL_NAME }), NOW);

    // Act
    const outcome = await (event as TypedEvent).apply(contextOf(t));

    // Assess
    expect((event as TypedEvent).detail).toMatchObject({ targets: [`mediapackage:channel/${CHANNEL_NAME}`] });
    expect(outcome).toMatchObject({
      affected: [{ arn: MP_CHANNEL_ARN, kind: 'channel' }],
      repollArns: [MP_CHANNEL_ARN],
      changeCall: { foreignTargets: 0, unresolved: false },
    });
  });

  it('resolves a listing name that two live resources share to nothing: unresolved', async () => {
    // Prepare
    const t = testIngest();
    t.store.seed(listed(MP_CHANNEL_ARN), listed(`${MP_CHANNEL_ARN}0`));
    const event = parseChangeEvent('mediapackage', calls, envelopeOf('UpdateChannel', { id: CHANNEL_NAME }), NOW);

    // Act
    const outcome = await (event as TypedEvent).apply(contextOf(t));

    // Assess
    expect(outcome).toMatchObject({ affected: [], repollArns: [], changeCall: { unresolved: true } });
    expect((await readChangePath(t.store, { account: ACCOUNT, region: REGION })).state).toMatchObject({
      lastEventName: 'UpdateChannel',
    });
  });

  it('treats a listing name as another account’s when the call’s recipient account is another', () => {
    // Act
    const event = parseChangeEvent(
      'mediapackage',
      calls,
      envelopeOf('UpdateChannel', { id: CHANNEL_NAME }, OTHER_ACCOUNT),
      NOW,
    );

    // Assess
    expect(event).toMatchObject({ type: 'change:ignored-foreign-account' });
  });

  it('drops the targets in another account and keeps the others', async () => {
    // Prepare
    const t = testIngest();
    const event = parseChangeEvent('mediapackage', calls, envelopeOf('DeleteChannel', { arn: MP_CHANNEL_ARN }), NOW);

    // Act
    const outcome = await (event as TypedEvent).apply(contextOf(t));

    // Assess
    expect(event).toMatchObject({
      type: 'mediapackage:change',
      detail: { targets: [MP_CHANNEL_ARN], foreignTargets: 1 },
    });
    expect(outcome).toMatchObject({
      repollArns: [MP_CHANNEL_ARN],
      settleArns: [MP_CHANNEL_ARN],
      changeCall: { foreignTargets: 1, unresolved: false },
    });
  });

  it('records a call its table entry cannot read as unparsed, invalid-detail, never throwing', () => {
    // Act
    const event = parseChangeEvent('mediapackage', calls, envelopeOf('CreateChannel', { id: 'x' }), NOW);

    // Assess
    expect(event).toEqual({
      kind: 'unparsed',
      reason: 'invalid-detail',
      detail: 'CreateChannel: its change-call entry failed: shape not understood',
    });
  });
});
