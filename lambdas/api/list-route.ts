import type { ResourceType } from '../store/keys';
import type { ApiDeps } from './api-deps';
import { ApiResult, json } from './http/router';
import { listResources } from './resource-listing';
import { listAcrossTargets } from './target-listing';

/** What every list route's query holds, besides its own filters (which bind the page token too). */
export interface ListRouteQuery {
  readonly limit: number;
  readonly nextToken?: string | undefined;
  readonly account?: string | undefined;
  readonly region?: string | undefined;
  readonly includeDeleted: boolean;
  readonly status?: string | undefined;
  readonly [filter: string]: unknown;
}

/**
 * One page of a list route over one resource type, for every service's routes: the targets `account=` and `region=`
 * select (neither: every watched target), in target-major order, one GSI1 Query per target and page (see
 * listAcrossTargets), filtered by status and name prefix, with page tokens bound to the route and every filter, so a
 * token cannot be replayed against other filters. Every row carries its `account` and `region`.
 */
export async function listPage(
  deps: ApiDeps,
  route: string,
  type: ResourceType,
  query: ListRouteQuery,
  namePrefix: string | undefined,
): Promise<ApiResult> {
  const { limit, nextToken, ...filters } = query;
  const page = await listAcrossTargets(
    deps,
    { route, ...filters },
    { limit, nextToken, account: filters.account, region: filters.region },
    (target, request) =>
      listResources(
        deps.store,
        type,
        {
          account: target.account,
          region: target.region,
          includeDeleted: filters.includeDeleted,
          ...(filters.status ? { status: filters.status } : {}),
          ...(namePrefix ? { namePrefix } : {}),
        },
        request,
      ),
  );
  return json(200, page);
}
