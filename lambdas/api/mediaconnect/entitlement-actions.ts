import {
  DescribeFlowCommand,
  Encryption,
  Entitlement,
  GrantFlowEntitlementsCommand,
  RevokeFlowEntitlementCommand,
  UpdateFlowEntitlementCommand,
} from '@aws-sdk/client-mediaconnect';
import type { EntitlementRecord } from '../../mediaconnect/flow-model';
import { parseMediaConnectArn } from '../../shared/arn';
import { ConflictError, describeError, NotFoundError, ValidationError } from '../../shared/errors';
import { isTombstone, withoutChildTombstones } from '../../store/child-tombstones';
import { childSk, resourcePk } from '../../store/keys';
import { claimAction } from '../action-claims';
import { checkEncryptionPlacement, passableRoleArns, resolveEncryption } from './entitlement-placement';
import { ActionContext, ActionDeps, refreshQuietly, requireLiveFlow } from './flow-actions';
import type {
  EntitlementEncryption,
  EntitlementEncryptionInput,
  GrantEntitlementInput,
  UpdateEntitlementInput,
} from './entitlement-schemas';

/** What the originator gives the subscriber (seed 003, step 14), besides the encryption key itself. */
export interface SubscriberHandoff {
  entitlementArn: string;
  region: string;
  dataTransferSubscriberFeePercent: number;
  /** Present when the entitlement is encrypted: share the key (out of band) and the algorithm. */
  encryption?: { keyType: string; algorithm: string };
}

/** How long a grant's claim on its flow and name lasts if its holder dies: longer than one request (25 s timeout). */
export const GRANT_CLAIM_SECONDS = 60;

export interface EntitlementResult {
  flowArn: string;
  entitlementArn: string;
  name?: string;
  entitlementStatus?: string;
  subscribers?: string[];
  description?: string;
  dataTransferSubscriberFeePercent?: number;
  encryption?: { keyType?: string; algorithm?: string };
  refreshed: boolean;
}

/**
 * Grants one entitlement. The name must be unique on the flow, however many grants race:
 * - the stored entitlements are checked first (a clear 409 without calling AWS);
 * - the grant claims `<flow>#<name>` with a conditional write, so of concurrent grants of one name exactly one goes on
 *   and the others get a 409 (MediaConnect itself accepts a repeated name);
 * - before granting, DescribeFlow tells whether MediaConnect already has the name (granted moments ago, or outside
 *   this API, before the store has seen it);
 * - after granting, DescribeFlow again: if another entitlement of the name appeared meanwhile (outside this API), this
 *   grant is revoked and the answer is a 409, so the flow keeps exactly one.
 * The flow's entitlement quota (50) answers GrantFlowEntitlements420Exception, which the API maps to 409.
 */
export async function grantEntitlement(
  deps: ActionDeps,
  flowArn: string,
  input: GrantEntitlementInput,
  context: ActionContext,
): Promise<EntitlementResult & { subscriberHandoff: SubscriberHandoff }> {
  const encryption = placedEncryption(deps, flowArn, input.encryption);
  await requireLiveFlow(deps.store, flowArn);
  const stored = withoutChildTombstones(
    await deps.store.queryAll<EntitlementRecord>({ pk: resourcePk(flowArn), skPrefix: 'ENTITLEMENT#' }),
  );
  if (stored.some((e) => e.name === input.name)) {
    throw new ConflictError(`Flow already has an entitlement named ${input.name}`);
  }
  const claim = await claimAction(
    deps.store,
    `entitlement-grant#${flowArn}#${input.name}`,
    GRANT_CLAIM_SECONDS,
    deps.clock,
  );
  if (!claim) throw new ConflictError(`A grant of an entitlement named ${input.name} on this flow is in progress`);
  let granted: Entitlement & { EntitlementArn: string };
  try {
    if ((await entitlementsAtAws(deps, flowArn)).some((e) => e.Name === input.name)) {
      throw new ConflictError(`Flow already has an entitlement named ${input.name}`);
    }
    granted = await grantAtAws(deps, flowArn, input, encryption, context);
    await keepOnlyOneOfName(deps, flowArn, granted, context);
  } finally {
    await claim.release();
  }
  const entitlementArn = granted.EntitlementArn;
  const refreshed = await refreshQuietly(deps, flowArn);
  const handoff = encryption ? { keyType: encryption.keyType, algorithm: encryption.algorithm } : undefined;
  return {
    ...entitlementView(flowArn, { ...granted, EntitlementArn: entitlementArn }, refreshed),
    subscriberHandoff: {
      entitlementArn,
      region: parseMediaConnectArn(flowArn, 'flow').region,
      dataTransferSubscriberFeePercent:
        granted.DataTransferSubscriberFeePercent ?? input.dataTransferSubscriberFeePercent,
      ...(handoff ? { encryption: handoff } : {}),
    },
  };
}

/**
 * Enables or disables an entitlement, or changes its description, subscribers or encryption. Only the given fields
 * are sent: AWS leaves the others as they are.
 */
export async function updateEntitlement(
  deps: ActionDeps,
  flowArn: string,
  entitlementArn: string,
  input: UpdateEntitlementInput,
  context: ActionContext,
): Promise<EntitlementResult> {
  const encryption = placedEncryption(deps, flowArn, input.encryption);
  await requireStoredEntitlement(deps, flowArn, entitlementArn);
  const detail = updateDetail(input);
  const updated = await deps.audit.audited(
    {
      resourceArn: flowArn,
      action: 'entitlement.update',
      ...context,
      detail,
      changeCall: { eventName: 'UpdateFlowEntitlement', arn: flowArn },
    },
    async () => {
      const answer = await deps.mediaConnect.send(
        new UpdateFlowEntitlementCommand({
          FlowArn: flowArn,
          EntitlementArn: entitlementArn,
          ...(input.entitlementStatus ? { EntitlementStatus: input.entitlementStatus } : {}),
          ...(input.description !== undefined ? { Description: input.description } : {}),
          ...(input.subscribers ? { Subscribers: input.subscribers } : {}),
          ...(encryption ? { Encryption: toAwsEncryption(encryption) } : {}),
        }),
      );
      return answer.Entitlement;
    },
  );
  const refreshed = await refreshQuietly(deps, flowArn);
  return entitlementView(flowArn, { ...updated, EntitlementArn: entitlementArn }, refreshed);
}

/** Revokes an entitlement: the subscriber's flow loses its source. */
export async function revokeEntitlement(
  deps: ActionDeps,
  flowArn: string,
  entitlementArn: string,
  context: ActionContext,
): Promise<{ flowArn: string; entitlementArn: string; revoked: true; refreshed: boolean }> {
  const stored = await requireStoredEntitlement(deps, flowArn, entitlementArn);
  await auditedRevoke(deps, flowArn, entitlementArn, context, { entitlementArn, name: stored.name });
  return { flowArn, entitlementArn, revoked: true, refreshed: await refreshQuietly(deps, flowArn) };
}

/** RevokeFlowEntitlement, audited; CloudTrail reports it on the flow (the change path's expected call). */
async function auditedRevoke(
  deps: ActionDeps,
  flowArn: string,
  entitlementArn: string | undefined,
  context: ActionContext,
  detail: Record<string, unknown>,
): Promise<void> {
  await deps.audit.audited(
    {
      resourceArn: flowArn,
      action: 'entitlement.revoke',
      ...context,
      detail,
      changeCall: { eventName: 'RevokeFlowEntitlement', arn: flowArn },
    },
    () =>
      deps.mediaConnect.send(new RevokeFlowEntitlementCommand({ FlowArn: flowArn, EntitlementArn: entitlementArn })),
  );
}

/** GrantFlowEntitlements for one entitlement, audited. */
async function grantAtAws(
  deps: ActionDeps,
  flowArn: string,
  input: GrantEntitlementInput,
  encryption: EntitlementEncryption | undefined,
  context: ActionContext,
): Promise<Entitlement & { EntitlementArn: string }> {
  const detail = grantDetail(input);
  return deps.audit.audited(
    {
      resourceArn: flowArn,
      action: 'entitlement.grant',
      ...context,
      detail,
      changeCall: { eventName: 'GrantFlowEntitlements', arn: flowArn },
    },
    async () => {
      const answer = await deps.mediaConnect.send(
        new GrantFlowEntitlementsCommand({
          FlowArn: flowArn,
          Entitlements: [
            {
              Name: input.name,
              Subscribers: input.subscribers,
              DataTransferSubscriberFeePercent: input.dataTransferSubscriberFeePercent,
              EntitlementStatus: input.entitlementStatus,
              ...(input.description !== undefined ? { Description: input.description } : {}),
              ...(encryption ? { Encryption: toAwsEncryption(encryption) } : {}),
            },
          ],
        }),
      );
      // moto answers `flow_arn`, so answer.FlowArn is undefined there; the Entitlements list parses either way.
      const entitlement = answer.Entitlements?.find((e) => e.Name === input.name) ?? answer.Entitlements?.[0];
      if (!entitlement?.EntitlementArn) throw new Error('GrantFlowEntitlements answered without an entitlement ARN');
      return { ...entitlement, EntitlementArn: entitlement.EntitlementArn };
    },
    (entitlement) => ({ ...detail, entitlementArn: entitlement.EntitlementArn }),
  );
}

/** The flow's entitlements as MediaConnect has them now. */
async function entitlementsAtAws(deps: ActionDeps, flowArn: string): Promise<Entitlement[]> {
  const answer = await deps.mediaConnect.send(new DescribeFlowCommand({ FlowArn: flowArn }));
  return answer.Flow?.Entitlements ?? [];
}

/**
 * After a grant: when MediaConnect now has another entitlement of the same name (granted outside this API while this
 * grant ran), this grant is revoked and a ConflictError thrown. A failed check is logged, not an error: the grant
 * itself succeeded.
 */
async function keepOnlyOneOfName(
  deps: ActionDeps,
  flowArn: string,
  granted: Entitlement & { EntitlementArn: string },
  context: ActionContext,
): Promise<void> {
  let entitlements: Entitlement[];
  try {
    entitlements = await entitlementsAtAws(deps, flowArn);
  } catch (error) {
    deps.logger?.warn('Checking the flow after a grant failed', { flowArn, error: describeError(error) });
    return;
  }
  const others = entitlements.filter((e) => e.Name === granted.Name && e.EntitlementArn !== granted.EntitlementArn);
  if (others.length === 0) return;
  await auditedRevoke(deps, flowArn, granted.EntitlementArn, context, {
    entitlementArn: granted.EntitlementArn,
    name: granted.Name,
    reason: 'duplicate-name',
  });
  await refreshQuietly(deps, flowArn);
  throw new ConflictError(
    `Another entitlement named ${granted.Name ?? ''} was granted on this flow outside this API meanwhile; ` +
      'this grant was revoked',
  );
}

/** The stored entitlement of a live flow; NotFoundError when either is unknown, or the entitlement is another flow's. */
async function requireStoredEntitlement(
  deps: ActionDeps,
  flowArn: string,
  entitlementArn: string,
): Promise<EntitlementRecord> {
  const flow = parseMediaConnectArn(flowArn, 'flow');
  const entitlement = parseMediaConnectArn(entitlementArn, 'entitlement');
  if (flow.account !== entitlement.account || flow.region !== entitlement.region) {
    throw new ValidationError('The entitlement ARN is in another account or region than the flow', 'entitlementArn');
  }
  await requireLiveFlow(deps.store, flowArn);
  const stored = await deps.store.get<EntitlementRecord>({
    pk: resourcePk(flowArn),
    sk: childSk('ENTITLEMENT', entitlementArn),
  });
  if (!stored || isTombstone(stored)) throw new NotFoundError(`Flow has no entitlement ${entitlementArn}`);
  return stored;
}

/**
 * The encryption to send, resolved (a named setup: its role and secret) and checked against the placement rules and
 * the roles this deployment may pass; undefined without encryption.
 */
function placedEncryption(
  deps: ActionDeps,
  flowArn: string,
  input: EntitlementEncryptionInput | undefined,
): EntitlementEncryption | undefined {
  if (!input) return undefined;
  const setups = deps.encryptionSetups ?? [];
  const encryption = resolveEncryption(flowArn, input, setups);
  checkEncryptionPlacement(flowArn, encryption, passableRoleArns(deps.encryptionRoleArns ?? [], setups));
  return encryption;
}

function toAwsEncryption(encryption: EntitlementEncryption): Encryption {
  if (encryption.keyType === 'static-key') {
    return {
      KeyType: 'static-key',
      RoleArn: encryption.roleArn,
      SecretArn: encryption.secretArn,
      Algorithm: encryption.algorithm,
    };
  }
  return {
    KeyType: 'speke',
    RoleArn: encryption.roleArn,
    ResourceId: encryption.resourceId,
    DeviceId: encryption.deviceId,
    Url: encryption.url,
    Algorithm: encryption.algorithm,
    ...(encryption.constantInitializationVector
      ? { ConstantInitializationVector: encryption.constantInitializationVector }
      : {}),
  };
}

function entitlementView(
  flowArn: string,
  entitlement: Partial<Entitlement> & { EntitlementArn: string },
  refreshed: boolean,
): EntitlementResult {
  return {
    flowArn,
    entitlementArn: entitlement.EntitlementArn,
    ...(entitlement.Name ? { name: entitlement.Name } : {}),
    ...(entitlement.EntitlementStatus ? { entitlementStatus: entitlement.EntitlementStatus } : {}),
    ...(entitlement.Subscribers ? { subscribers: entitlement.Subscribers } : {}),
    ...(entitlement.Description !== undefined ? { description: entitlement.Description } : {}),
    ...(entitlement.DataTransferSubscriberFeePercent !== undefined
      ? { dataTransferSubscriberFeePercent: entitlement.DataTransferSubscriberFeePercent }
      : {}),
    ...(entitlement.Encryption
      ? {
          encryption: {
            keyType: entitlement.Encryption.KeyType ?? 'static-key',
            ...(entitlement.Encryption.Algorithm ? { algorithm: entitlement.Encryption.Algorithm } : {}),
          },
        }
      : {}),
    refreshed,
  };
}

/** The audit detail of a grant: everything asked for (encryption holds ARNs and ids, never key material). */
function grantDetail(input: GrantEntitlementInput): Record<string, unknown> {
  return { ...input };
}

function updateDetail(input: UpdateEntitlementInput): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
