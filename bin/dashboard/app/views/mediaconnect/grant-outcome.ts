/**
 * What a grant answered, handed from the grant form to the flow page it returns to: the page shows it once, in a
 * `role="status"` message, with what the originator gives the subscriber (seed 003, step 14). Kept in memory only:
 * a reload forgets it, and it holds no secret (the key never passes through the dashboard).
 */

/** `POST /flows/{flowArn}/entitlements` 201 (lambdas/api/mediaconnect/entitlement-actions.ts). */
export interface GrantOutcome {
  entitlementArn: string;
  name?: string;
  subscriberHandoff: {
    entitlementArn: string;
    region: string;
    dataTransferSubscriberFeePercent: number;
    encryption?: { keyType: string; algorithm: string };
  };
}

const outcomes = new Map<string, GrantOutcome>();

export function rememberGrant(flowArn: string, outcome: GrantOutcome): void {
  outcomes.set(flowArn, outcome);
}

/** The grant outcome waiting for the flow's page, removed as it is taken. */
export function takeGrant(flowArn: string): GrantOutcome | undefined {
  const outcome = outcomes.get(flowArn);
  outcomes.delete(flowArn);
  return outcome;
}
