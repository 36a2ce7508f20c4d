import { randomUUID } from 'node:crypto';
import { tryParseArn } from '../shared/arn';
import { describeError } from '../shared/errors';
import { Clock } from '../shared/clock';
import { recordExpectedCall, type ChangeEventsMode } from '../store/change-path';
import { eventSk, eventsPk } from '../store/keys';
import type { StateStore } from '../store/state-store';
import type { Caller } from './http/caller';

export type AuditOutcome = 'succeeded' | 'failed';

/** One operator action, as recorded in the resource's event history. */
export interface AuditEntry {
  resourceArn: string;
  /** e.g. `flow.start`, `entitlement.grant`, `flow.polling`. */
  action: string;
  caller: Caller;
  requestId: string;
  outcome: AuditOutcome;
  /** What was asked for, without secrets (entitlement encryption holds only ARNs and ids, never keys). */
  detail?: Record<string, unknown>;
  /** For a failed action: the error's name (the AWS exception), never its stack. */
  error?: string;
}

/**
 * The AWS call an action makes, as CloudTrail will name it: its `eventName` (`StopFlow`, `GrantFlowEntitlements`) and
 * the ARN of the top-level resource the change path names for it (the flow's for an entitlement call, not the
 * entitlement's).
 */
export interface ChangeCall {
  eventName: string;
  arn: string;
}

export interface AuditLogOptions {
  /**
   * With `cloudtrail`, each successful call named by `changeCall` is recorded as expected from CloudTrail
   * (store/change-path.ts), so the change path's health can be judged. @default 'off'
   */
  changeEvents?: ChangeEventsMode;
  logger?: { warn(message: string, ...extra: unknown[]): void };
}

/**
 * Records operator actions into the affected resource's event history (pk `EVENTS#<arn>`, sk `<ISO time>#<id>`,
 * kind `audit`), which expires with the other events (`expiresAt`, EVENT_HISTORY_DAYS).
 */
export class AuditLog {
  constructor(
    private readonly store: Pick<StateStore, 'put' | 'updateIfFieldNewer'>,
    private readonly clock: Clock,
    /** Days an audit event is kept, like the other events. */
    private readonly retentionDays: number,
    private readonly options: AuditLogOptions = {},
  ) {}

  /**
   * Runs the AWS call of an operator action and records its outcome: `failed` with the error's name (then rethrows),
   * or `succeeded` with `successDetail(result)` when given, else the entry's detail. A mutating AWS call names itself
   * in `changeCall`: on success (and with CHANGE_EVENTS=cloudtrail) it is recorded as expected from CloudTrail, timed
   * just before the call; a failure of that write is logged and never fails the action.
   */
  async audited<T>(
    entry: Omit<AuditEntry, 'outcome' | 'error'> & { changeCall?: ChangeCall },
    call: () => Promise<T>,
    successDetail?: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    const { changeCall, ...audit } = entry;
    const calledAtMs = this.clock.now();
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await this.record({ ...audit, outcome: 'failed', error: error instanceof Error ? error.name : 'Error' });
      throw error;
    }
    const detail = successDetail ? successDetail(result) : audit.detail;
    await Promise.all([
      this.record({ ...audit, outcome: 'succeeded', ...(detail ? { detail } : {}) }),
      changeCall ? this.expectChange(changeCall, calledAtMs) : undefined,
    ]);
    return result;
  }

  /** Records that CloudTrail should report the call (change path mode `cloudtrail` only); never throws. */
  private async expectChange(changeCall: ChangeCall, calledAtMs: number): Promise<void> {
    if (this.options.changeEvents !== 'cloudtrail') return;
    const arn = tryParseArn(changeCall.arn);
    try {
      if (!arn) throw new Error(`not an ARN: ${changeCall.arn}`);
      await recordExpectedCall(
        this.store,
        { account: arn.account, region: arn.region },
        changeCall.eventName,
        changeCall.arn,
        calledAtMs,
      );
    } catch (error) {
      this.options.logger?.warn('Recording an expected change event failed; the action itself succeeded', {
        ...changeCall,
        error: describeError(error),
      });
    }
  }

  async record(entry: AuditEntry): Promise<void> {
    const now = this.clock.now();
    const time = new Date(now).toISOString();
    const arn = tryParseArn(entry.resourceArn);
    await this.store.put({
      pk: eventsPk(entry.resourceArn),
      sk: eventSk(time, `audit-${randomUUID()}`),
      type: 'event',
      kind: 'audit',
      resourceArn: entry.resourceArn,
      account: arn?.account ?? '',
      region: arn?.region ?? '',
      observedAt: time,
      action: entry.action,
      outcome: entry.outcome,
      summary:
        `${entry.action} ${entry.outcome} by ${entry.caller.identityArn}${entry.error ? ` (${entry.error})` : ''}`.slice(
          0,
          500,
        ),
      actor: entry.caller.identityArn,
      ...(entry.caller.callerId ? { callerId: entry.caller.callerId } : {}),
      role: entry.caller.role,
      requestId: entry.requestId,
      ...(entry.detail ? { detail: entry.detail } : {}),
      ...(entry.error ? { error: entry.error } : {}),
      expiresAt: Math.floor(now / 1000) + Math.round(this.retentionDays * 86_400),
    });
  }
}
