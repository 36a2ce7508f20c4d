import { randomUUID } from 'node:crypto';
import { tryParseArn } from '../shared/arn';
import { Clock } from '../shared/clock';
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
 * Records operator actions into the affected resource's event history (pk `EVENTS#<arn>`, sk `<ISO time>#<id>`,
 * kind `audit`), which expires with the other events (`expiresAt`, EVENT_HISTORY_DAYS).
 */
export class AuditLog {
  constructor(
    private readonly store: Pick<StateStore, 'put'>,
    private readonly clock: Clock,
    /** Days an audit event is kept, like the other events. */
    private readonly retentionDays: number,
  ) {}

  /**
   * Runs the AWS call of an operator action and records its outcome: `failed` with the error's name (then rethrows),
   * or `succeeded` with `successDetail(result)` when given, else the entry's detail.
   */
  async audited<T>(
    entry: Omit<AuditEntry, 'outcome' | 'error'>,
    call: () => Promise<T>,
    successDetail?: (result: T) => Record<string, unknown>,
  ): Promise<T> {
    let result: T;
    try {
      result = await call();
    } catch (error) {
      await this.record({ ...entry, outcome: 'failed', error: error instanceof Error ? error.name : 'Error' });
      throw error;
    }
    const detail = successDetail ? successDetail(result) : entry.detail;
    await this.record({ ...entry, outcome: 'succeeded', ...(detail ? { detail } : {}) });
    return result;
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
