import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { TargetCredentialsError, type TargetCredentials } from '../shared/target-credentials';
import { targetKey, type WatchedTarget } from '../shared/watched-targets';
import { runLeased, type LeaseStore, type SkippedPoll } from '../store/lease';
import { writeCredentialsFailedStatus } from '../store/poller-status';
import {
  ALARM_RECONCILE_POLLER,
  reconcileAlarms,
  type AlarmReconcileDeps,
  type AlarmReconcileOutcome,
  type RequestLimiter,
} from './alarm-reconciler';

/**
 * The alarm reconciliation of one watched target (an account and Region): DescribeAlarms runs in the target's account
 * with its read credentials and its own CloudWatch client and budget (CloudWatch's quota is per account and Region),
 * and what it fixes is the target's own `ALARMS#<account>#<region>` listing. One run per target at a time: the lease
 * `POLLER#alarm-reconcile#<account>#<region>`; its status item is the target's too.
 *
 * When the target's credentials cannot be had, nothing is read or closed: the target's status records
 * `outcome: 'credentials-failed'` with the failure's name, `TargetCredentialFailures` is counted with the target's
 * key, and the run returns (the next run tries again).
 */

export interface TargetReconcileDeps extends Omit<AlarmReconcileDeps, 'cloudWatch' | 'limiter' | 'store'> {
  readonly store: AlarmReconcileDeps['store'] & LeaseStore;
  readonly credentials: TargetCredentials;
  /** The target's CloudWatch client (`targetClientCache`: its Region, its read credentials). */
  readonly cloudWatchFor: (target: WatchedTarget) => CloudWatchClient;
  /** The target's DescribeAlarms budget. */
  readonly limiterFor: (target: WatchedTarget) => RequestLimiter;
  /** Told of a target whose credentials failed. @default not counted */
  readonly countCredentialFailure?: (target: string) => void;
}

export interface TargetReconcileOptions {
  readonly eventHistoryDays: number;
  /** How long the run may hold the target's lease (the invocation's remaining time plus a margin). */
  readonly leaseMs: number;
}

/** A run that could not have its target's credentials: it read and changed nothing. */
export interface CredentialsFailedReconcile {
  readonly target: string;
  readonly outcome: 'credentials-failed';
  readonly errors: readonly string[];
}

export type TargetReconcileResult = AlarmReconcileOutcome | CredentialsFailedReconcile | SkippedPoll;

export async function reconcileTargetAlarms(
  deps: TargetReconcileDeps,
  target: WatchedTarget,
  options: TargetReconcileOptions,
): Promise<TargetReconcileResult> {
  const key = { poller: ALARM_RECONCILE_POLLER, account: target.account, region: target.region };
  return runLeased(deps.store, deps.clock, key, options.leaseMs, async () => {
    const startedAt = deps.clock.now();
    try {
      // Had before anything is read, so a target whose credentials fail says so even with no alarm to describe.
      await deps.credentials.provider(target, 'read')?.();
    } catch (error) {
      if (!(error instanceof TargetCredentialsError)) throw error;
      return credentialsFailed(deps, target, error, startedAt);
    }
    return reconcileAlarms(
      { ...deps, cloudWatch: deps.cloudWatchFor(target), limiter: deps.limiterFor(target) },
      { account: target.account, region: target.region, eventHistoryDays: options.eventHistoryDays },
    );
  });
}

async function credentialsFailed(
  deps: TargetReconcileDeps,
  target: WatchedTarget,
  error: TargetCredentialsError,
  startedAt: number,
): Promise<CredentialsFailedReconcile> {
  // Only lastCycle: the last reconciliation's time stays, since nothing was read (poller-status.ts).
  await writeCredentialsFailedStatus(
    deps.store,
    { poller: ALARM_RECONCILE_POLLER, account: target.account, region: target.region },
    { startedAtMs: startedAt, finishedAtMs: deps.clock.now(), failure: error.failure },
  );
  deps.countCredentialFailure?.(targetKey(target));
  deps.logger?.warn('alarm reconciliation skipped: the target’s credentials failed', {
    target: targetKey(target),
    failure: error.failure,
  });
  return { target: targetKey(target), outcome: 'credentials-failed', errors: [error.failure] };
}
