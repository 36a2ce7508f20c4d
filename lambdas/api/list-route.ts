import type { ResourceType } from '../store/keys';
import type { ApiDeps } from './api-deps';
import { pageRequest, pageResponse } from './http/pagination';
import { ApiResult, json } from './http/router';
import { listResources } from './resource-listing';

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
 * One page of a list route over one resource type, for every service's routes: one GSI1 Query in the asked (or the
 * deployment's) account and region, filtered by status and name prefix, with page tokens bound to the route and every
 * filter, so a token cannot be replayed against other filters.
 */
export async function listPage(
  deps: ApiDeps,
  route: string,
  type: ResourceType,
  query: ListRouteQuery,
  namePrefix: string | undefined,
): Promise<ApiResult> {
  const { limit, nextToken, ...filters } = query;
  const account = filters.account ?? deps.scope.account;
  const region = filters.region ?? deps.scope.region;
  const scope = { route, ...filters, account, region };
  const page = await listResources(
    deps.store,
    type,
    {
      account,
      region,
      includeDeleted: filters.includeDeleted,
      ...(filters.status ? { status: filters.status } : {}),
      ...(namePrefix ? { namePrefix } : {}),
    },
    await pageRequest(deps.pageTokens, scope, { limit, nextToken }),
  );
  return json(200, await pageResponse(deps.pageTokens, scope, page.items, page.lastKey));
}
