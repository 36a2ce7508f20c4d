import type { ApiDeps } from './api-deps';
import { serviceOfArn } from '../events/resource-repoller';
import {
  targetForArn,
  targetKey,
  type CredentialSource,
  type TargetRegistry,
  type WatchedTarget,
} from '../shared/watched-targets';

/**
 * The watched targets (account and Region) as the API sees them: which targets a list route's `account=` and
 * `region=` select, which target a resource ARN belongs to, and whose credentials operate it.
 */

/** An account or Region, or a resource's account, that the deployment does not watch (400 `NotWatched`). */
export class NotWatchedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotWatchedError';
  }
}

/** An action on a target that has no operator credentials (403 `NoOperatorCredentials`). */
export class NoOperatorCredentialsError extends Error {
  constructor(readonly account: string) {
    super(`no operator credentials for account ${account}: set watch[].operator`);
    this.name = 'NoOperatorCredentialsError';
  }
}

export interface TargetFilter {
  readonly account?: string | undefined;
  readonly region?: string | undefined;
}

/** Targets in their listing order: by key (`<account>#<region>`). */
export function sortedTargets(targets: readonly WatchedTarget[]): WatchedTarget[] {
  return [...targets].sort((a, b) => (targetKey(a) < targetKey(b) ? -1 : targetKey(a) > targetKey(b) ? 1 : 0));
}

/**
 * The targets a route's `account=` and `region=` select, in listing order; neither selects every target. A value no
 * target has, or a pair no target has, is a NotWatchedError naming it.
 */
export function selectTargets(registry: TargetRegistry, filter: TargetFilter): WatchedTarget[] {
  const { account, region } = filter;
  if (account !== undefined && !registry.targets.some((t) => t.account === account))
    throw new NotWatchedError(`account ${account} is not watched by this deployment`);
  if (region !== undefined && !registry.targets.some((t) => t.region === region))
    throw new NotWatchedError(`region ${region} is not watched by this deployment`);
  const selected = registry.targets.filter(
    (t) => (account === undefined || t.account === account) && (region === undefined || t.region === region),
  );
  if (selected.length === 0)
    throw new NotWatchedError(`account ${account ?? ''} is not watched in region ${region ?? ''} by this deployment`);
  return sortedTargets(selected);
}

/**
 * The one target a route that shows a single target's view (the summary's top-level fields) answers for: the given
 * account and Region, each defaulting to the deployment's own.
 */
export function singleTarget(registry: TargetRegistry, filter: TargetFilter): WatchedTarget {
  const account = filter.account ?? registry.deployment.account;
  const region = filter.region ?? registry.deployment.region;
  const [target] = selectTargets(registry, { account, region });
  return target as WatchedTarget;
}

/** The target a resource belongs to (its ARN's account and Region); NotWatchedError when the deployment does not watch it. */
export function resourceTarget(registry: TargetRegistry, arn: string): WatchedTarget {
  const service = serviceOfArn(arn);
  const target = service ? targetForArn(registry, arn, service) : undefined;
  if (!target) throw new NotWatchedError(`the account and region of ${arn} are not watched by this deployment`);
  return target;
}

/**
 * The credentials that operate a target's resources: its `operator`; for the deployment's own account without one,
 * the API function's own role (as before many accounts). Any other target without one: NoOperatorCredentialsError.
 */
export function operatorOf(registry: TargetRegistry, target: WatchedTarget): CredentialSource {
  if (target.operator) return target.operator;
  if (target.account === registry.deployment.account) return { type: 'execution-role' };
  throw new NoOperatorCredentialsError(target.account);
}

/** The target as its operator sees it: `operator` resolved (see operatorOf). */
export function operableTarget(registry: TargetRegistry, target: WatchedTarget): WatchedTarget {
  return { ...target, operator: operatorOf(registry, target) };
}

/** Whether a target is the deployment's own account and Region. */
export function isDeploymentTarget(registry: TargetRegistry, target: WatchedTarget): boolean {
  return target.account === registry.deployment.account && target.region === registry.deployment.region;
}

/**
 * The deps of an action on a resource: the API's, with the clients, budget and refreshers of the resource's target
 * (operator credentials for the calls, read credentials for the refreshes). NotWatchedError when the deployment does
 * not watch the resource's account and Region; NoOperatorCredentialsError when the target has no operator.
 */
export async function actionDepsFor(deps: ApiDeps, resourceArn: string): Promise<ApiDeps> {
  const registry = await deps.registry();
  const target = operableTarget(registry, resourceTarget(registry, resourceArn));
  return { ...deps, ...deps.actionsFor(target), encryptionSetups: registry.encryptionSetups };
}
