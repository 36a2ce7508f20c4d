/**
 * The change feed over the real wire: writers (the real StateStore, each with its own clock) against dynalite, read
 * through the API handler's `/changes` and `/events/recent`. Clocks are controlled, so interleavings are exact.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { createApiHandler } from '../../../lambdas/api/api-handler';
import { createApiDeps } from '../../../lambdas/api/api-wiring';
import { applyAlarm } from '../../../lambdas/events/alarm-applier';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import { resolveMetricSet } from '../../../lambdas/metrics/metric-catalog';
import { parseTargetRegistry } from '../../../lambdas/shared/watched-targets';
import { changePartition, GSI2, stampTime } from '../../../lambdas/store/change-index';
import { childSk, eventSk, eventsPk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import { StateStore } from '../../../lambdas/store/state-store';
import { createTestStore, motoConfig } from '../emulator-env';

const REGION = 'eu-west-3';
const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const T0 = Date.parse('2026-12-02T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const flowArn = (name: string, account = ACCOUNT) => `arn:aws:mediaconnect:${REGION}:${account}:flow:1-${name}:${name}`;
const sourceArn = (name: string) => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:1-${name}:src`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any };

describe('change feed against dynalite', () => {
  let doc: StateStore['doc'];
  let tableName: string;
  /** The API's clock. */
  let apiNow = T0;
  let call: (path: string, query?: Record<string, string>) => Promise<Answer>;

  /** A writer whose stamps read the given clock. */
  const writerAt = (now: () => number) => new StateStore(doc, tableName, { now });

  function flowMeta(arn: string, version: number, status = 'ACTIVE', account = ACCOUNT) {
    return {
      pk: resourcePk(arn),
      sk: META_SK,
      type: 'mediaconnect:flow',
      account,
      region: REGION,
      observedAt: iso(version),
      version,
      arn,
      name: arn.split(':').pop(),
      status,
    };
  }

  const since = (cursor: string) => call('/changes', { since: cursor });
  const changedArns = (answer: Answer) => answer.body.changes.map((c: { arn?: string }) => c.arn);

  beforeAll(async () => {
    ({ doc, tableName } = await createTestStore('feed'));
    const store = new StateStore(doc, tableName);
    const deps = createApiDeps({
      store,
      mediaConnect: new MediaConnectClient(motoConfig(REGION)),
      cloudWatch: new CloudWatchClient(motoConfig(REGION)),
      clock: { now: () => apiNow },
      account: ACCOUNT,
      region: REGION,
      tokenSecret: 'integration-test-token-secret',
      metrics: { metricSet: resolveMetricSet('health'), defaultIntervalSeconds: 300, historyMinutes: 60 },
      mediaConnectRps: 50,
      mediaConnectBurst: 100,
      encryptionRoleArns: [],
      registry: async () =>
        parseTargetRegistry(
          {
            deployment: { account: ACCOUNT, region: REGION, name: 'feed' },
            targets: [
              { account: ACCOUNT, region: REGION },
              { account: OTHER, region: REGION },
            ],
          },
          'feed registry',
        ),
    });
    const handler = createApiHandler(deps, {
      log: { warn: () => undefined, error: () => undefined },
      roleHeaderEnabled: true,
    });
    call = async (path, query) => {
      const event = {
        httpMethod: 'GET',
        path,
        headers: { 'x-mediamon-role': 'read-only' },
        multiValueHeaders: {},
        queryStringParameters: query ?? null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: null,
        isBase64Encoded: false,
        resource: '/{proxy+}',
        requestContext: { stage: 'v1', requestId: 'it', identity: { userArn: null, caller: null } },
      } as unknown as APIGatewayProxyEvent;
      const result = await handler(event, { awsRequestId: 'it' } as Context);
      return { status: result.statusCode, body: result.body ? JSON.parse(result.body) : undefined };
    };
  });

  it('carries a write from the writer through /changes, and the next cursor moves past it', async () => {
    // Prepare
    const arn = flowArn('path');
    apiNow = T0;
    const first = await call('/changes');
    await writerAt(() => T0 + 1_000).putIfNewer(flowMeta(arn, T0 + 900));

    // Act
    apiNow = T0 + 2_000;
    const second = await since(first.body.cursor);
    apiNow = T0 + 60_000;
    const third = await since(second.body.cursor);
    apiNow = T0 + 120_000;
    const fourth = await since(third.body.cursor);

    // Assess
    expect(first.body).toEqual({ changes: [], cursor: iso(T0), truncated: false });
    expect(second.body.changes).toEqual([
      { kind: 'resource', arn, type: 'mediaconnect:flow', account: ACCOUNT, region: REGION, at: iso(T0 + 1_000) },
    ]);
    expect(second.body.cursor).toBe(iso(T0 + 2_000));
    // Within the overlap the change is answered again; past it, not.
    expect(changedArns(third)).toEqual([arn]);
    expect(changedArns(fourth)).not.toContain(arn);
  });

  it('answers a write stamped before a poll but landed after it on the next poll (the overlap)', async () => {
    // Prepare: the writer stamps at t1 (its clock), the reader polls at t2 = t1 + 3 s before the write lands.
    const base = T0 + 600_000;
    const arn = flowArn('late');
    apiNow = base - 5_000;
    const start = await call('/changes');
    apiNow = base + 3_000;
    const before = await since(start.body.cursor);

    // Act
    await writerAt(() => base).putIfNewer(flowMeta(arn, base));
    apiNow = base + 5_000;
    const after = await since(before.body.cursor);

    // Assess
    expect(changedArns(before)).not.toContain(arn);
    expect(changedArns(after)).toContain(arn);
  });

  it('stamps nothing for a refused (stale) write', async () => {
    // Prepare
    const base = T0 + 1_200_000;
    const arn = flowArn('stale');
    await writerAt(() => base).putIfNewer(flowMeta(arn, base));

    // Act: a slow writer holding an older observation writes a minute later, and is refused.
    const landed = await writerAt(() => base + 60_000).putIfNewer(flowMeta(arn, base - 1, 'ERROR'));
    apiNow = base + 61_000;
    const answer = await since(iso(base + 30_000));

    // Assess
    expect(landed).toBe(false);
    expect(changedArns(answer)).not.toContain(arn);
    const stored = await new StateStore(doc, tableName).get<Record<string, unknown>>(
      { pk: resourcePk(arn), sk: META_SK },
      true,
    );
    expect(stored).toMatchObject({ status: 'ACTIVE', version: base });
    expect(stampTime(stored!.gsi2sk as string)).toBe(iso(base));
  });

  it.each([
    ['the newer lands first', true],
    ['the older lands first', false],
  ])('leaves the newer writer stamp when two writers race on one item (%s)', async (_, newerFirst) => {
    // Prepare: the newer observation is written by a writer whose clock is BEHIND the older one's.
    const base = T0 + (newerFirst ? 1_800_000 : 2_400_000);
    const arn = flowArn(newerFirst ? 'raceA' : 'raceB');
    const newer = () => writerAt(() => base + 1_000).putIfNewer(flowMeta(arn, base + 500, 'ERROR'));
    const older = () => writerAt(() => base + 4_000).putIfNewer(flowMeta(arn, base + 100, 'ACTIVE'));

    // Act: one order in sequence, then both again at once (both are refused: the stored version is as new).
    const landed = newerFirst
      ? { newer: await newer(), older: await older() }
      : { older: await older(), newer: await newer() };
    const again = await Promise.all([newer(), older()]);

    // Assess
    expect(landed).toEqual({ newer: true, older: !newerFirst });
    expect(again).toEqual([false, false]);
    const entries = await new StateStore(doc, tableName).queryAll<Record<string, unknown>>({
      index: GSI2,
      pk: changePartition('CHG', ACCOUNT, REGION),
      skFrom: iso(base),
    });
    const mine = entries.filter((e) => e.pk === resourcePk(arn));
    expect(mine.map((e) => stampTime(e.gsi2sk as string))).toEqual([iso(base + 1_000)]);
  });

  it('answers a removed child and a deleted resource through their tombstones', async () => {
    // Prepare
    const base = T0 + 3_000_000;
    const arn = flowArn('gone');
    const writer = writerAt(() => base);
    await writer.putIfNewer(flowMeta(arn, base));

    // Act
    const removed = writerAt(() => base + 20_000);
    await removed.tombstoneIfNewer({ pk: resourcePk(arn), sk: childSk('OUTPUT', `${arn}-out`) }, base + 20_000, 0);
    await removed.putIfNewer({ ...flowMeta(arn, base + 20_000), tombstone: true });
    apiNow = base + 21_000;
    const answer = await since(iso(base + 15_000));

    // Assess
    expect(
      answer.body.changes.filter((c: { arn: string }) => c.arn === arn).map((c: { kind: string }) => c.kind),
    ).toEqual(expect.arrayContaining(['child', 'resource']));
  });

  it('answers an alarm raised and then cleared, applied by the alarm applier', async () => {
    // Prepare
    const base = T0 + 3_600_000;
    const arn = flowArn('alarmed');
    const applyAt = (nowMs: number, state: 'ALARM' | 'OK', version: number) => {
      const store = writerAt(() => nowMs);
      return applyAlarm(
        { store, resolver: new FlowResolver(store, { now: () => nowMs }), nowMs, historyExpiresAt: 0 },
        {
          kind: 'alarm',
          name: 'alarmed-source-down',
          account: ACCOUNT,
          region: REGION,
          state,
          changedAt: iso(version),
          version,
          metrics: [
            { namespace: 'AWS/MediaConnect', metricName: 'SourceDisconnections', dimensions: { FlowARN: arn } },
          ],
        },
        { channel: 'sns', messageId: `m-${state}` },
      );
    };
    await applyAt(base, 'ALARM', base - 1_000);
    apiNow = base + 30_000;
    const cursor = (await since(iso(base - 1_000))).body.cursor as string;

    // Act
    await applyAt(base + 40_000, 'OK', base + 39_000);
    apiNow = base + 41_000;
    const answer = await since(cursor);

    // Assess
    const alarmChanges = answer.body.changes.filter((c: { kind: string }) => c.kind === 'alarm');
    expect(alarmChanges).toEqual(expect.arrayContaining([expect.objectContaining({ arn, at: iso(base + 40_000) })]));
    const alarms = await call('/alarms', { state: 'OK' });
    expect(alarms.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'alarmed-source-down', severity: 'major' })]),
    );
  });

  it('lists the newest events across resources and targets, newest written first', async () => {
    // Prepare
    const base = T0 + 4_200_000;
    const event = (arn: string, account: string, id: string) => ({
      pk: eventsPk(arn),
      sk: eventSk(iso(base), id),
      type: 'event',
      kind: 'mediaconnect:flow-status',
      resourceArn: arn,
      account,
      region: REGION,
      summary: id,
    });
    await writerAt(() => base + 1).putAll([event(flowArn('e1'), ACCOUNT, 'first')]);
    await writerAt(() => base + 2).put(event(flowArn('e2', OTHER), OTHER, 'second'));
    await writerAt(() => base + 3).putAll([event(sourceArn('e3'), ACCOUNT, 'third')]);

    // Act
    const all = await call('/events/recent', { limit: '3' });
    const other = await call('/events/recent', { limit: '3', account: OTHER });

    // Assess
    expect(all.status).toBe(200);
    expect(all.body.items.map((i: { id: string; resourceArn: string }) => [i.id, i.resourceArn])).toEqual([
      ['third', sourceArn('e3')],
      ['second', flowArn('e2', OTHER)],
      ['first', flowArn('e1')],
    ]);
    expect(other.body.items.map((i: { id: string }) => i.id)).toEqual(['second']);
  });
});
