import { ListAlertsCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { reconcileChannelAlerts } from '../../../lambdas/medialive/channel-alerts';
import type { InventoryStore } from '../../../lambdas/polling/inventory-store';
import type { ResourceTree } from '../../../lambdas/polling/resource-kind';
import type { ItemKey, QueryPageOptions } from '../../../lambdas/store/state-store';
import { STANDARD_CHANNEL_ARN, STANDARD_CHANNEL_ID } from './medialive-fixtures';
import { awsError, kindContext, ManualClock } from './medialive-context';

const medialive = mockClient(MediaLiveClient);
const PK = `RES#${STANDARD_CHANNEL_ARN}`;

type Item = ItemKey & Record<string, unknown>;

/** The store operations alerts use, with the StateStore's semantics: a write lands only on an older (or no) item. */
class AlertStore {
  readonly items = new Map<string, Item>();
  updates = 0;

  seed(...items: Item[]): void {
    for (const item of items) this.items.set(item.sk, structuredClone(item));
  }

  item(sk: string): Item | undefined {
    return this.items.get(sk);
  }

  async queryAll<T>(options: Omit<QueryPageOptions, 'startKey' | 'limit'>): Promise<T[]> {
    return [...this.items.values()].filter(
      (i) => i.pk === options.pk && i.sk.startsWith(options.skPrefix ?? ''),
    ) as T[];
  }

  async updateIfNewer(key: ItemKey, version: number, fields: Record<string, unknown>, remove: readonly string[] = []) {
    const stored = this.items.get(key.sk);
    if (stored && !((stored.version as number) < version)) return false;
    const next: Item = { ...stored, ...structuredClone(fields), ...key, version };
    for (const field of remove) delete next[field];
    this.items.set(key.sk, next);
    this.updates++;
    return true;
  }
}

const tree = (status: string): ResourceTree =>
  ({
    meta: { pk: PK, sk: '#META', arn: STANDARD_CHANNEL_ARN, id: STANDARD_CHANNEL_ID, name: 'sports-main', status },
    children: [],
  }) as unknown as ResourceTree;

const metrics = (pipeline: string, activeAlerts: number): Item => ({
  pk: PK,
  sk: `METRICS#PIPELINE#${pipeline}`,
  latest: { ActiveAlerts: { t: 0, v: activeAlerts } },
});

const storedAlert = (
  id: string,
  state: 'SET' | 'CLEARED',
  version: number,
  extra: Record<string, unknown> = {},
): Item => ({
  pk: PK,
  sk: `ALERT#${id}`,
  type: 'medialive:alert',
  alarmId: id,
  state,
  version,
  observedAt: new Date(version).toISOString(),
  ...extra,
});

const SET_AT = new Date('2026-03-01T09:58:00.000Z');

describe('MediaLive channel alerts', () => {
  let clock: ManualClock;
  let store: AlertStore;
  const run = (status = 'RUNNING', ctx = kindContext(new MediaLiveClient({}), clock)) =>
    reconcileChannelAlerts({ ...ctx, store: store as unknown as InventoryStore }, tree(status));

  beforeEach(() => {
    medialive.reset();
    clock = new ManualClock();
    store = new AlertStore();
  });

  it('asks nothing for a channel that is not RUNNING, even with a stored SET alert', async () => {
    // Prepare
    store.seed(storedAlert('a1', 'SET', clock.now() - 1000), metrics('0', 2));

    // Act
    const result = await run('IDLE');

    // Assess
    expect(result).toEqual({ writes: 0 });
    expect(medialive).not.toHaveReceivedCommand(ListAlertsCommand);
  });

  it('asks nothing for a RUNNING channel with no active-alerts metric, no SET alert and no recent alert event', async () => {
    // Prepare
    store.seed(metrics('0', 0), metrics('1', 0), storedAlert('old', 'CLEARED', clock.now() - 3_600_000));

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ writes: 0 });
    expect(medialive).not.toHaveReceivedCommand(ListAlertsCommand);
  });

  it('reads SET alerts when a pipeline reports ActiveAlerts and stores them at the poll version, secrets redacted', async () => {
    // Prepare
    store.seed(metrics('0', 0), metrics('1', 1));
    medialive.on(ListAlertsCommand).resolves({
      Alerts: [
        {
          Id: 'a1',
          AlertType: 'RTMP Stream Not Found',
          PipelineId: '1',
          State: 'SET',
          SetTimestamp: SET_AT,
          Message: 'Cannot connect to rtmp://user:s3cret-pass@social.example.com/live2',
        },
      ],
    });

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ writes: 1 });
    expect(medialive).toHaveReceivedCommandWith(ListAlertsCommand, {
      ChannelId: STANDARD_CHANNEL_ID,
      StateFilter: 'SET',
      MaxResults: 1000,
    });
    expect(store.item('ALERT#a1')).toEqual({
      pk: PK,
      sk: 'ALERT#a1',
      type: 'medialive:alert',
      account: expect.any(String),
      region: expect.any(String),
      channelArn: STANDARD_CHANNEL_ARN,
      alarmId: 'a1',
      state: 'SET',
      alertType: 'RTMP Stream Not Found',
      pipeline: '1',
      message: 'Cannot connect to rtmp://user:[redacted]@social.example.com/live2',
      setAt: SET_AT.toISOString(),
      source: 'poll',
      observedAt: new Date(clock.now()).toISOString(),
      version: clock.now(),
    });
  });

  it('clears a stored SET alert that ListAlerts no longer returns, after every page arrived', async () => {
    // Prepare
    store.seed(storedAlert('gone', 'SET', clock.now() - 60_000), storedAlert('still', 'SET', clock.now() - 60_000));
    medialive
      .on(ListAlertsCommand)
      .resolvesOnce({ Alerts: [], NextToken: 'p2' })
      .resolvesOnce({ Alerts: [{ Id: 'still', State: 'SET', AlertType: 'Input Loss', PipelineId: '0' }] });

    // Act
    const result = await run();

    // Assess
    expect(medialive).toHaveReceivedCommandTimes(ListAlertsCommand, 2);
    expect(store.item('ALERT#gone')).toMatchObject({
      state: 'CLEARED',
      clearedAt: new Date(clock.now()).toISOString(),
      expiresAt: Math.floor(clock.now() / 1000) + 7 * 86_400,
      source: 'poll',
      version: clock.now(),
    });
    expect(store.item('ALERT#still')).toMatchObject({ state: 'SET', alertType: 'Input Loss' });
    expect(result.writes).toBe(2);
  });

  it('clears nothing when a later ListAlerts page fails', async () => {
    // Prepare
    store.seed(storedAlert('a1', 'SET', clock.now() - 60_000));
    medialive
      .on(ListAlertsCommand)
      .resolvesOnce({ Alerts: [], NextToken: 'p2' })
      .rejectsOnce(awsError('BadRequestException', 400));

    // Act
    const result = run();

    // Assess
    await expect(result).rejects.toMatchObject({ name: 'BadRequestException' });
    expect(store.item('ALERT#a1')).toMatchObject({ state: 'SET' });
    expect(store.updates).toBe(0);
  });

  it('does not rewrite a SET alert whose content has not changed', async () => {
    // Prepare
    store.seed(
      storedAlert('a1', 'SET', clock.now() - 300_000, {
        alertType: 'Input Loss',
        pipeline: '0',
        setAt: SET_AT.toISOString(),
        source: 'poll',
      }),
    );
    medialive.on(ListAlertsCommand).resolves({
      Alerts: [{ Id: 'a1', State: 'SET', AlertType: 'Input Loss', PipelineId: '0', SetTimestamp: SET_AT }],
    });

    // Act
    const result = await run();

    // Assess
    expect(result).toEqual({ writes: 0 });
    expect(store.updates).toBe(0);
  });

  it('reads alerts after a recent alert event even when it was already CLEARED', async () => {
    // Prepare
    store.seed(storedAlert('flap', 'CLEARED', clock.now() - 120_000, { source: 'event' }));
    medialive.on(ListAlertsCommand).resolves({ Alerts: [] });

    // Act
    const result = await run();

    // Assess
    expect(medialive).toHaveReceivedCommandTimes(ListAlertsCommand, 1);
    expect(result).toEqual({ writes: 0 });
  });

  it("keeps an event's CLEARED that is newer than the poll: the poll's SET does not reopen it", async () => {
    // Prepare: the alert clears at AWS (event stored) while ListAlerts is still answering with it SET.
    store.seed(storedAlert('a1', 'SET', clock.now() - 60_000, { source: 'event' }));
    medialive.on(ListAlertsCommand).callsFake(async () => {
      clock.advance(500);
      await store.updateIfNewer({ pk: PK, sk: 'ALERT#a1' }, clock.now(), { state: 'CLEARED', source: 'event' });
      return { Alerts: [{ Id: 'a1', State: 'SET', AlertType: 'Input Loss', PipelineId: '0' }] };
    });

    // Act
    const result = await run();

    // Assess
    expect(store.item('ALERT#a1')).toMatchObject({ state: 'CLEARED', source: 'event' });
    expect(result).toEqual({ writes: 0 });
  });

  it("keeps an event's SET that is newer than the poll's ListAlerts call: the poll does not clear it", async () => {
    // Prepare: the poll read the partition (a1 SET) and asked ListAlerts at T, which no longer had a1; a1 is raised
    // again at T+100 and its event is stored before the poll writes its clear.
    store.seed(storedAlert('a1', 'SET', clock.now() - 60_000, { source: 'event' }));
    const pollAskedAt = clock.now();
    medialive.on(ListAlertsCommand).callsFake(async () => {
      await store.updateIfNewer({ pk: PK, sk: 'ALERT#a1' }, pollAskedAt + 100, { state: 'SET', source: 'event' });
      clock.advance(500);
      return { Alerts: [] };
    });

    // Act
    const result = await run();

    // Assess
    expect(store.item('ALERT#a1')).toMatchObject({ state: 'SET', source: 'event', version: pollAskedAt + 100 });
    expect(result).toEqual({ writes: 0 });
  });

  it.each([
    ['not-implemented', awsError('SyntaxError', 404, 'Unexpected token <')],
    ['not-implemented', awsError('SyntaxError', 500, 'Not yet implemented')],
    ['forbidden', awsError('AccessDeniedException', 403)],
    ['unknown-operation', awsError('UnknownOperationException', 400)],
  ])('degrades to "ListAlerts %s" without retrying and goes on', async (reason, error) => {
    // Prepare
    store.seed(storedAlert('a1', 'SET', clock.now() - 60_000));
    medialive.on(ListAlertsCommand).rejects(error);
    const ctx = kindContext(new MediaLiveClient({}), clock);

    // Act
    const result = await run('RUNNING', ctx);

    // Assess
    expect(result).toEqual({ writes: 0, degraded: `ListAlerts ${reason}` });
    expect(ctx.budget.snapshot().calls).toEqual({ ListAlerts: 1 });
    expect(store.item('ALERT#a1')).toMatchObject({ state: 'SET' });
  });

  it('retries a throttled ListAlerts through the budget, then reconciles', async () => {
    // Prepare
    store.seed(storedAlert('a1', 'SET', clock.now() - 60_000));
    medialive.on(ListAlertsCommand).rejectsOnce(awsError('TooManyRequestsException', 429)).resolves({ Alerts: [] });
    const ctx = kindContext(new MediaLiveClient({}), clock);

    // Act
    const result = await run('RUNNING', ctx);

    // Assess
    expect(result).toEqual({ writes: 1 });
    expect(ctx.budget.snapshot()).toMatchObject({ calls: { ListAlerts: 2 }, throttles: 1 });
    expect(store.item('ALERT#a1')).toMatchObject({ state: 'CLEARED' });
  });
});
