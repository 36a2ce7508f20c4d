import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { ALARM_RECONCILE_POLLER, CountingReconcileMetrics } from '../../../lambdas/alarms/alarm-reconciler';
import { reconcileTargetAlarms, type TargetReconcileDeps } from '../../../lambdas/alarms/target-reconcile';
import { TargetCredentialsError, type TargetCredentials } from '../../../lambdas/shared/target-credentials';
import { parseTargetRegistry, type WatchedTarget } from '../../../lambdas/shared/watched-targets';
import { ACCOUNT, FLOW_ARN, REGION, testIngest } from '../events/event-fixtures';
import type { IngestTestStore } from '../events/ingest-test-store';

const cloudWatch = mockClient(CloudWatchClient);

const MEMBER = '222222222222';
const MEMBER_FLOW_ARN = FLOW_ARN.replace(ACCOUNT, MEMBER);
const registry = parseTargetRegistry(
  {
    deployment: { account: ACCOUNT, region: REGION, name: 'main' },
    targets: [
      { account: ACCOUNT, region: REGION },
      {
        account: MEMBER,
        region: REGION,
        credentials: { type: 'assume-role', roleArn: `arn:aws:iam::${MEMBER}:role/media-monitor-read` },
      },
    ],
  },
  'test registry',
);
const own = registry.targets[0]!;
const member = registry.targets[1]!;

/** An active alarm item on a flow, as the ingest stores it and GSI1 lists it under the target's `ALARMS#…`. */
function activeAlarm(account: string, flowArn: string, name: string) {
  return {
    pk: `RES#${flowArn}`,
    sk: `ALARM#${name}`,
    type: 'alarm',
    name,
    state: 'ALARM',
    version: 1_000,
    resourceArn: flowArn,
    parentArn: flowArn,
    gsi1pk: `ALARMS#${account}#${REGION}`,
    gsi1sk: `ALARM#${name}`,
  };
}

/** The test store plus the lease operations of the real store (conditional on absence or expiry, owner-checked). */
function withLeases(store: IngestTestStore) {
  return Object.assign(store, {
    async putLease(item: { pk: string; sk: string; owner: string; expiresAtMs: number }, nowMs: number) {
      const held = store.item<{ expiresAtMs: number }>(item.pk, item.sk);
      if (held && held.expiresAtMs >= nowMs) return false;
      store.seed(item);
      return true;
    },
    async countLeaseSkip(key: { pk: string; sk: string }) {
      return store.item(key.pk, key.sk);
    },
    async deleteLease(key: { pk: string; sk: string }, owner: string) {
      if (store.item<{ owner: string }>(key.pk, key.sk)?.owner !== owner) return false;
      store.items.delete(`${key.pk}\u0000${key.sk}`);
      return true;
    },
  });
}

function world(credentials: TargetCredentials = { provider: () => undefined }) {
  const t = testIngest();
  const store = withLeases(t.store);
  const clients = new Map<string, CloudWatchClient>();
  const acquired: string[] = [];
  const failures: string[] = [];
  const metrics = new CountingReconcileMetrics();
  const deps: TargetReconcileDeps = {
    store,
    credentials,
    cloudWatchFor: (target: WatchedTarget) => {
      const client = clients.get(target.account) ?? new CloudWatchClient({ region: target.region });
      clients.set(target.account, client);
      return client;
    },
    limiterFor: (target) => ({ acquire: async () => void acquired.push(target.account) }),
    clock: t.deps.clock,
    resolver: t.deps.resolver!,
    metrics,
    countCredentialFailure: (target) => failures.push(target),
  };
  return { store, deps, clients, acquired, failures, metrics };
}

const statusOf = (store: IngestTestStore, account: string) =>
  store.item<{ lastCycle: Record<string, unknown> }>(
    `POLLER#${ALARM_RECONCILE_POLLER}#${account}#${REGION}`,
    '#STATUS',
  );

describe('reconcileTargetAlarms', () => {
  beforeEach(() => cloudWatch.reset());

  it('reconciles a member target with its own CloudWatch client and budget, and only its alarms', async () => {
    // Prepare: an alarm of one name active in both accounts; CloudWatch (the member's) no longer has it
    const w = world();
    w.store.seed(activeAlarm(ACCOUNT, FLOW_ARN, 'flow-down'), activeAlarm(MEMBER, MEMBER_FLOW_ARN, 'flow-down'));
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });

    // Act
    const outcome = await reconcileTargetAlarms(w.deps, member, { eventHistoryDays: 14, leaseMs: 60_000 });

    // Assess
    expect(outcome).toMatchObject({ activeAlarms: 1, deleted: 1, errors: [] });
    expect(cloudWatch.call(0).thisValue).toBe(w.clients.get(MEMBER));
    expect([...w.clients.keys()]).toEqual([MEMBER]);
    expect(w.acquired).toEqual([MEMBER]);
    expect(w.store.item(`RES#${MEMBER_FLOW_ARN}`, 'ALARM#flow-down')).toBeUndefined();
    expect(w.store.item(`RES#${FLOW_ARN}`, 'ALARM#flow-down')).toBeDefined();
    expect(statusOf(w.store, MEMBER)?.lastCycle).toMatchObject({ poller: 'alarm-reconcile', deleted: 1 });
    expect(statusOf(w.store, ACCOUNT)).toBeUndefined();
    expect(w.store.item(`POLLER#${ALARM_RECONCILE_POLLER}#${MEMBER}#${REGION}`, '#LEASE')).toBeUndefined();
  });

  it('records credentials-failed on the target’s status, counts it, and reads and closes nothing', async () => {
    // Prepare
    const w = world({
      provider: (target) => async () => {
        throw TargetCredentialsError.of(target, 'AccessDenied');
      },
    });
    w.store.seed(activeAlarm(MEMBER, MEMBER_FLOW_ARN, 'flow-down'));

    // Act
    const outcome = await reconcileTargetAlarms(w.deps, member, { eventHistoryDays: 14, leaseMs: 60_000 });

    // Assess
    expect(outcome).toEqual({ target: `${MEMBER}#${REGION}`, outcome: 'credentials-failed', errors: ['AccessDenied'] });
    expect(cloudWatch.calls()).toHaveLength(0);
    expect(w.store.item(`RES#${MEMBER_FLOW_ARN}`, 'ALARM#flow-down')).toBeDefined();
    expect(statusOf(w.store, MEMBER)?.lastCycle).toMatchObject({
      outcome: 'credentials-failed',
      errors: ['AccessDenied'],
    });
    expect(w.failures).toEqual([`${MEMBER}#${REGION}`]);
  });

  it('skips a run while another run of the same target holds its lease, and not one of another target', async () => {
    // Prepare
    const w = world();
    w.store.seed({
      pk: `POLLER#${ALARM_RECONCILE_POLLER}#${MEMBER}#${REGION}`,
      sk: '#LEASE',
      owner: 'other-run',
      expiresAtMs: Date.parse('2030-01-01T00:00:00Z'),
    });
    cloudWatch.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    w.store.seed(activeAlarm(ACCOUNT, FLOW_ARN, 'flow-down'));

    // Act
    const skipped = await reconcileTargetAlarms(w.deps, member, { eventHistoryDays: 14, leaseMs: 60_000 });
    const ran = await reconcileTargetAlarms(w.deps, own, { eventHistoryDays: 14, leaseMs: 60_000 });

    // Assess
    expect(skipped).toMatchObject({ skipped: true, account: MEMBER });
    expect(ran).toMatchObject({ activeAlarms: 1, deleted: 1 });
    expect(w.acquired).toEqual([ACCOUNT]);
  });
});
