import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  ConflictException,
  MediaLiveClient,
  NotFoundException,
  StartChannelCommand,
  StopChannelCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-medialive';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { AuditLog } from '../../../../lambdas/api/audit';
import { RefreshUnavailableError } from '../../../../lambdas/api/refreshers';
import {
  awsError,
  call,
  createTestApi,
  NOW,
  OPERATOR_SESSION_ARN,
  READ_ONLY_SESSION_ARN,
  silentLog,
  TestApi,
} from '../api-test-kit';
import { CHANNEL_ARN, CHANNEL_ID, channelMeta, channelPath } from './medialive-fixtures';

const ddb = mockClient(DynamoDBDocumentClient);
const mediaLive = mockClient(MediaLiveClient);

/** The channel's `#META` as the store holds it, answered to every GetCommand on it (in order, then the last). */
function storesChannel(...metas: Record<string, unknown>[]) {
  const stub = ddb.on(GetCommand, { Key: { pk: `RES#${CHANNEL_ARN}`, sk: '#META' } });
  metas.slice(0, -1).forEach((meta) => stub.resolvesOnce({ Item: meta }));
  stub.resolves({ Item: metas[metas.length - 1] });
}

/** Claims as DynamoDB keeps them: a conditional Put on `CLAIM#…` lands only when no claim is there. */
function conditionalClaims() {
  const held = new Set<string>();
  ddb.on(PutCommand).callsFake(async (input: { Item: { pk: string } }) => {
    if (!input.Item.pk.startsWith('CLAIM#')) return {};
    if (held.has(input.Item.pk))
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
    held.add(input.Item.pk);
    return {};
  });
  ddb.on(DeleteCommand).callsFake(async (input: { Key: { pk: string } }) => {
    held.delete(input.Key.pk);
    return {};
  });
  return held;
}

function auditItems(): Record<string, unknown>[] {
  return ddb
    .commandCalls(PutCommand)
    .map((c) => c.args[0].input.Item as Record<string, unknown>)
    .filter((item) => item.kind === 'audit');
}

describe('MediaLive channel actions', () => {
  let api: TestApi;

  beforeEach(() => {
    ddb.reset();
    mediaLive.reset();
    silentLog.warn.mockClear();
    ddb.on(PutCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    api = createTestApi();
    api.deps.logger = silentLog;
  });

  it('starts an IDLE channel by its id, audits the caller and refreshes the channel', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    mediaLive.on(StartChannelCommand).resolves({ Arn: CHANNEL_ARN, State: 'STARTING' });

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ channelArn: CHANNEL_ARN, action: 'start', state: 'STARTING', refreshed: true });
    expect(mediaLive).toHaveReceivedCommandTimes(StartChannelCommand, 1);
    expect(mediaLive).toHaveReceivedCommandWith(StartChannelCommand, { ChannelId: CHANNEL_ID });
    expect(api.refreshChannel).toHaveBeenCalledWith(CHANNEL_ARN);
    expect(auditItems()).toEqual([
      expect.objectContaining({
        pk: `EVENTS#${CHANNEL_ARN}`,
        kind: 'audit',
        action: 'channel.start',
        outcome: 'succeeded',
        actor: OPERATOR_SESSION_ARN,
        role: 'operator',
        detail: { channelId: CHANNEL_ID, state: 'STARTING' },
        expiresAt: Math.floor(NOW / 1000) + 14 * 86_400,
      }),
    ]);
  });

  it('stops a RUNNING channel', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'RUNNING' }));
    mediaLive.on(StopChannelCommand).resolves({ State: 'STOPPING' });

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/stop') });

    // Assess
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ action: 'stop', state: 'STOPPING' });
    expect(mediaLive).toHaveReceivedCommandWith(StopChannelCommand, { ChannelId: CHANNEL_ID });
  });

  it.each(['start', 'stop'])(
    'refuses %s to the read-only role with 403, before reading or calling anything',
    async (action) => {
      // Act
      const response = await call(api, {
        method: 'POST',
        path: channelPath(CHANNEL_ARN, `/${action}`),
        userArn: READ_ONLY_SESSION_ARN,
      });

      // Assess
      expect(response.status).toBe(403);
      expect(response.body.error.code).toBe('Forbidden');
      expect(ddb).toHaveReceivedCommandTimes(GetCommand, 0);
      expect(mediaLive.calls()).toHaveLength(0);
    },
  );

  it('refuses a caller of neither role with 403 (default-deny)', async () => {
    // Act
    const response = await call(api, {
      method: 'POST',
      path: channelPath(CHANNEL_ARN, '/start'),
      userArn: 'arn:aws:sts::111122223333:assumed-role/SomeoneElse/eve',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(mediaLive.calls()).toHaveLength(0);
  });

  it.each(['STARTING', 'STOPPING', 'UPDATING', 'RECOVERING'])(
    'answers 409 ChannelTransitioning while the channel is %s, after one re-read, without calling StartChannel',
    async (state) => {
      // Prepare
      storesChannel(channelMeta({ status: state }));

      // Act
      const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

      // Assess
      expect(response.status).toBe(409);
      expect(response.body.error).toEqual({
        code: 'ChannelTransitioning',
        message: `Channel NewsHD is ${state}; wait until it is RUNNING or IDLE`,
      });
      expect(api.claimRepoll).toHaveBeenCalledWith(CHANNEL_ARN);
      expect(api.refreshChannel).toHaveBeenCalledTimes(1);
      expect(mediaLive.calls()).toHaveLength(0);
    },
  );

  it('decides on the freshly read state: a stored STARTING that is RUNNING now can be stopped', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'STARTING' }), channelMeta({ status: 'RUNNING' }));
    mediaLive.on(StopChannelCommand).resolves({ State: 'STOPPING' });

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/stop') });

    // Assess
    expect(response.status).toBe(202);
    expect(mediaLive).toHaveReceivedCommandTimes(StopChannelCommand, 1);
  });

  it('decides on the stored state when the re-read is coalesced with one under way', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'STOPPING' }));
    api.claimRepoll.mockResolvedValue(false);

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('ChannelTransitioning');
    expect(api.refreshChannel).not.toHaveBeenCalled();
  });

  it.each([
    ['start', 'RUNNING', 'ChannelAlreadyRunning'],
    ['stop', 'IDLE', 'ChannelAlreadyIdle'],
    ['start', 'CREATING', 'ChannelUnavailable'],
    ['stop', 'DELETING', 'ChannelUnavailable'],
  ])('answers 409 to %s a %s channel with %s', async (action, state, code) => {
    // Prepare
    storesChannel(channelMeta({ status: state }));

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, `/${action}`) });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe(code);
    expect(mediaLive.calls()).toHaveLength(0);
  });

  it('sends one StartChannel for two concurrent starts: the other answers 409 ChannelActionInProgress', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    conditionalClaims();
    mediaLive.on(StartChannelCommand).callsFake(async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { State: 'STARTING' };
    });
    const start = () => call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Act
    const responses = await Promise.all([start(), start()]);

    // Assess
    expect(responses.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(responses.find((r) => r.status === 409)?.body.error.code).toBe('ChannelActionInProgress');
    expect(mediaLive).toHaveReceivedCommandTimes(StartChannelCommand, 1);
  });

  it('refuses a start whose state, read again under the claim, shows another request started the channel', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }), channelMeta({ status: 'STARTING' }));
    const held = conditionalClaims();

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('ChannelTransitioning');
    expect(mediaLive.calls()).toHaveLength(0);
    expect(held.size).toBe(0);
  });

  it('releases the claim once the refresh stored the new state', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    const held = conditionalClaims();
    mediaLive.on(StartChannelCommand).resolves({ State: 'STARTING' });

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.body.refreshed).toBe(true);
    expect(held.size).toBe(0);
    expect(ddb).toHaveReceivedCommandWith(DeleteCommand, {
      Key: { pk: `CLAIM#channel-start#${CHANNEL_ARN}`, sk: '#' },
    });
  });

  it('keeps the claim when the refresh failed, so a repeated start is refused without calling MediaLive', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    const held = conditionalClaims();
    mediaLive.on(StartChannelCommand).resolves({ State: 'STARTING' });
    api.refreshChannel.mockRejectedValue(new RefreshUnavailableError('medialive'));
    await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Act
    const again = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(again.status).toBe(409);
    expect(mediaLive).toHaveReceivedCommandTimes(StartChannelCommand, 1);
    expect([...held]).toEqual([`CLAIM#channel-start#${CHANNEL_ARN}`]);
  });

  it('answers 429 with Retry-After when MediaLive keeps throttling, and releases the claim', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    const held = conditionalClaims();
    mediaLive.on(StartChannelCommand).rejects(awsError(TooManyRequestsException, 'Too many requests', 429));

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(429);
    expect(response.body.error.code).toBe('Throttled');
    expect(Number(response.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    // The request budget is the one retry layer: 3 attempts in the test budget.
    expect(mediaLive).toHaveReceivedCommandTimes(StartChannelCommand, 3);
    expect(held.size).toBe(0);
    expect(auditItems()).toEqual([expect.objectContaining({ outcome: 'failed', error: 'ThrottledError' })]);
  });

  it('answers 409 Conflict when MediaLive refuses the start for the channel state', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    const held = conditionalClaims();
    mediaLive.on(StartChannelCommand).rejects(awsError(ConflictException, 'Channel is in use', 409));

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('Conflict');
    expect(held.size).toBe(0);
  });

  it('answers 404 when MediaLive no longer has the channel', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'RUNNING' }));
    mediaLive.on(StopChannelCommand).rejects(awsError(NotFoundException, 'Channel not found', 404));

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/stop') });

    // Assess
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NotFound');
  });

  it('answers 404 for a channel the store does not know, and 400 for a bad ARN, without calling MediaLive', async () => {
    // Act
    const unknown = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });
    const bad = await call(api, { method: 'POST', path: channelPath('arn:aws:medialive:flow:1', '/start') });

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NotFound');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'ValidationFailed', field: 'channelArn' });
    expect(mediaLive.calls()).toHaveLength(0);
  });

  it('reports refreshed: false, and logs why, when no MediaLive refresher is wired', async () => {
    // Prepare
    storesChannel(channelMeta({ status: 'IDLE' }));
    mediaLive.on(StartChannelCommand).resolves({ State: 'STARTING' });
    api.refreshChannel.mockRejectedValue(new RefreshUnavailableError('medialive'));

    // Act
    const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, '/start') });

    // Assess
    expect(response.status).toBe(202);
    expect(response.body.refreshed).toBe(false);
    expect(silentLog.warn).toHaveBeenCalledWith(
      'Refreshing the channel after an action failed',
      expect.objectContaining({ error: expect.stringContaining('RefreshUnavailableError') }),
    );
  });
  it.each([
    ['start', 'IDLE', 'StartChannel'],
    ['stop', 'RUNNING', 'StopChannel'],
  ] as const)(
    'records %s as an expected %s call on the channel ARN with the change path on',
    async (action, status, eventName) => {
      // Prepare
      ddb.on(UpdateCommand).resolves({});
      api.deps.audit = new AuditLog(api.deps.store, { now: () => NOW }, 14, { changeEvents: 'cloudtrail' });
      storesChannel(channelMeta({ status }));
      mediaLive.on(StartChannelCommand).resolves({ Arn: CHANNEL_ARN, State: 'STARTING' });
      mediaLive.on(StopChannelCommand).resolves({ Arn: CHANNEL_ARN, State: 'STOPPING' });

      // Act
      const response = await call(api, { method: 'POST', path: channelPath(CHANNEL_ARN, `/${action}`) });

      // Assess
      expect(response.status).toBe(202);
      expect(ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input.Key)).toEqual([
        { pk: expect.stringMatching(/^CHANGEPATH#/), sk: `CALL#${eventName}#${CHANNEL_ARN}` },
      ]);
    },
  );
});
