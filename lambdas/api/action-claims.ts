import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../shared/clock';
import type { StateStore } from '../store/state-store';

/** A held claim on one action: release it when the action is over. */
export interface ActionClaim {
  release(): Promise<void>;
}

/**
 * Claims an action for one caller: a Put on `CLAIM#<what>` / `#` conditioned on the claim being absent or expired, so
 * of any number of racing callers exactly one gets it (DynamoDB serializes conditional writes on one item). Resolves
 * to undefined when someone else holds it. The claim expires after `ttlSeconds` (and TTL deletes it later), so a caller
 * that died while holding it blocks others only that long; `release` deletes it only while it is still this caller's.
 */
export async function claimAction(
  store: Pick<StateStore, 'doc' | 'tableName'>,
  what: string,
  ttlSeconds: number,
  clock: Clock,
): Promise<ActionClaim | undefined> {
  const key = { pk: `CLAIM#${what}`, sk: '#' };
  const claimId = randomUUID();
  const nowSeconds = Math.floor(clock.now() / 1000);
  try {
    await store.doc.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...key,
          type: 'action-claim',
          claimId,
          claimedAt: new Date(clock.now()).toISOString(),
          expiresAt: nowSeconds + ttlSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt < :now',
        ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
        ExpressionAttributeValues: { ':now': nowSeconds },
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
  return {
    release: async () => {
      try {
        await store.doc.send(
          new DeleteCommand({
            TableName: store.tableName,
            Key: key,
            ConditionExpression: '#claimId = :claimId',
            ExpressionAttributeNames: { '#claimId': 'claimId' },
            ExpressionAttributeValues: { ':claimId': claimId },
          }),
        );
      } catch (error) {
        // Expired and taken over by another caller: that claim is theirs to release.
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },
  };
}
