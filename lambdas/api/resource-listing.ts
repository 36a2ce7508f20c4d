import { withoutSecrets } from '../shared/secret-filter';
import { GSI1, listPk, ResourceType } from '../store/keys';
import type { Page, QueryFilter, StateStore } from '../store/state-store';
import { PageRequest, queryListPage } from './http/pagination';
import { publicView } from './views';

/**
 * Listing any service's top-level resources from GSI1 (`LIST#<type>#<account>#<region>`), and the views every
 * service's routes share. Service route folders build on this; they never import each other.
 */

export interface ResourceListFilter {
  account: string;
  region: string;
  /** The stored lifecycle `status` (flow Status, channel or input State, device ConnectionState). */
  status?: string;
  /** Names starting with this (case-sensitive): `begins_with(gsi1sk)`. */
  namePrefix?: string;
  /** A tag key, and optionally the value it must have. */
  tag?: { key: string; value?: string };
  /** @default false */
  includeDeleted?: boolean;
}

/** A resource as listed (GSI1's projected attributes). */
export interface ResourceSummary {
  arn: string;
  name: string;
  status?: string;
  account: string;
  region: string;
  [field: string]: unknown;
}

/**
 * One page of a resource type's listing: one GSI1 Query, the name prefix as the key condition, status and tombstones
 * as a FilterExpression (a filtered page may hold fewer items than the limit; the next page continues after it).
 */
export async function listResources(
  store: Pick<StateStore, 'queryPage'>,
  type: ResourceType,
  filter: ResourceListFilter,
  page: PageRequest,
  /** How an item is shown. @default safeView */
  view: (item: Record<string, unknown>) => Record<string, unknown> = safeView,
): Promise<Page<ResourceSummary>> {
  const result = await queryListPage<Record<string, unknown>>(
    store,
    {
      index: GSI1,
      pk: listPk(type, filter.account, filter.region),
      ...(filter.namePrefix ? { skPrefix: filter.namePrefix } : {}),
      ...listFilter(filter),
    },
    page,
  );
  return {
    items: result.items.map((item) => view(item) as ResourceSummary),
    ...(result.lastKey ? { lastKey: result.lastKey } : {}),
  };
}

function listFilter(filter: ResourceListFilter): { filter?: QueryFilter } {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (!filter.includeDeleted) {
    names['#tombstone'] = 'tombstone';
    values[':true'] = true;
    clauses.push('(attribute_not_exists(#tombstone) OR #tombstone <> :true)');
  }
  if (filter.status) {
    names['#status'] = 'status';
    values[':status'] = filter.status;
    clauses.push('#status = :status');
  }
  if (filter.tag) {
    names['#tags'] = 'tags';
    names['#tagKey'] = filter.tag.key;
    if (filter.tag.value === undefined) clauses.push('attribute_exists(#tags.#tagKey)');
    else {
      values[':tagValue'] = filter.tag.value;
      clauses.push('#tags.#tagKey = :tagValue');
    }
  }
  if (clauses.length === 0) return {};
  return { filter: { expression: clauses.join(' AND '), names, ...(Object.keys(values).length ? { values } : {}) } };
}

/**
 * A stored item as the API shows it: without keys, hashes and versions (`publicView`), and without any field the
 * secret filter names secret (`password`, `streamKey`, …) or secret value in its text. The pollers never store one;
 * this makes sure a reader never sees one that got there anyway.
 */
export function safeView(item: Record<string, unknown>): Record<string, unknown> {
  return withoutSecrets(publicView(item));
}

/** The latest value of each metric of a `METRICS#` item, with when it was polled. */
export interface LatestMetrics {
  /** The last datapoint of each metric: `t` epoch seconds (start of the minute), `v` the value. */
  latest: Record<string, { t: number; v: number }>;
  lastPolledAt?: string;
  /** Metrics whose last fetch was incomplete, with CloudWatch's StatusCode. */
  incomplete?: Record<string, string>;
}

/** The latest-value view of a stored metrics item (any service): no history. */
export function latestMetrics(item: Record<string, unknown>): LatestMetrics {
  return {
    latest: (item.latest as LatestMetrics['latest'] | undefined) ?? {},
    ...(typeof item.lastPolledAt === 'string' ? { lastPolledAt: item.lastPolledAt } : {}),
    ...(item.incomplete ? { incomplete: item.incomplete as Record<string, string> } : {}),
  };
}
