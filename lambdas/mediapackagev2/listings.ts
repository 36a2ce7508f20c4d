import {
  paginateListChannelGroups,
  paginateListChannels,
  type ChannelGroupListConfiguration,
  type ChannelListConfiguration,
  type MediaPackageV2Client,
} from '@aws-sdk/client-mediapackagev2';
import { budgetedClient } from '../polling/inventory-deps';
import type { RequestBudget } from '../polling/request-budget';
import type { KindContext } from '../polling/resource-kind';
import { describeError } from '../shared/errors';

/**
 * The listings the three kinds share within one cycle (one request budget = one invocation of the service's inventory):
 * ListChannelGroups once, then ListChannels once per group. The channel kind and the origin endpoint kind both read the
 * channels, the group kind and the channel kind both read the groups, so each is listed once per cycle (as MediaLive's
 * input kind shares its security group listing). Each group's listing is retried on throttles and transient errors by
 * the budget; one that still fails is recorded, and the kinds that read it report their listing incomplete.
 */

/** The v2 List operations take MaxResults up to 100 (API reference); moto pages at its own default. */
export const LIST_PAGE_SIZE = 100;

export type ListedGroup = ChannelGroupListConfiguration & { Arn: string; ChannelGroupName: string };
export type ListedChannel = ChannelListConfiguration & { Arn: string; ChannelGroupName: string; ChannelName: string };

/** A listing of one level that could not be read whole: the kinds record `incomplete` and tombstone nothing. */
export class PartialListingError extends Error {
  constructor(
    readonly operation: string,
    readonly failures: readonly string[],
  ) {
    super(`${operation} failed for ${failures.length}: ${failures.slice(0, 3).join('; ').slice(0, 400)}`);
    this.name = 'PartialListingError';
  }
}

export interface GroupListing {
  readonly groups: readonly ListedGroup[];
  /** Epoch ms of the first listing request. */
  readonly observedAtMs: number;
}

export interface ChannelListing {
  /** Channels of every group whose listing succeeded, by group name (groups sorted by name). */
  readonly byGroup: ReadonlyMap<string, readonly ListedChannel[]>;
  /** `<group>: <error>` for each group whose ListChannels failed. */
  readonly failures: readonly string[];
}

const groupListings = new WeakMap<RequestBudget, Promise<GroupListing>>();
const channelListings = new WeakMap<RequestBudget, Promise<ChannelListing>>();

/** Every channel group, once per cycle. Rejects when the listing fails (and forgets the failure, so a retry lists again). */
export function cycleChannelGroups(ctx: KindContext<MediaPackageV2Client>): Promise<GroupListing> {
  return memo(groupListings, ctx.budget, () => listChannelGroups(ctx));
}

/** Every channel of every group, once per cycle. Rejects only when the group listing fails. */
export function cycleChannels(ctx: KindContext<MediaPackageV2Client>): Promise<ChannelListing> {
  return memo(channelListings, ctx.budget, () => listChannels(ctx));
}

function memo<T>(cache: WeakMap<RequestBudget, Promise<T>>, budget: RequestBudget, load: () => Promise<T>): Promise<T> {
  let pending = cache.get(budget);
  if (!pending) {
    pending = load();
    cache.set(budget, pending);
    pending.catch(() => cache.delete(budget));
  }
  return pending;
}

async function listChannelGroups(ctx: KindContext<MediaPackageV2Client>): Promise<GroupListing> {
  const observedAtMs = ctx.clock.now();
  const groups = new Map<string, ListedGroup>();
  let token: string | undefined;
  await ctx.budget.retryThrottles('ListChannelGroups', async () => {
    const pages = paginateListChannelGroups(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListChannelGroups'),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(token ? { startingToken: token } : {}),
      },
      {},
    );
    for await (const page of pages) {
      for (const group of page.Items ?? [])
        if (group.Arn && group.ChannelGroupName) groups.set(group.ChannelGroupName, group as ListedGroup);
      token = page.NextToken;
    }
  });
  const sorted = [...groups.values()].sort((a, b) => compare(a.ChannelGroupName, b.ChannelGroupName));
  return { groups: sorted, observedAtMs };
}

async function listChannels(ctx: KindContext<MediaPackageV2Client>): Promise<ChannelListing> {
  const { groups } = await cycleChannelGroups(ctx);
  const byGroup = new Map<string, ListedChannel[]>();
  const failures: string[] = [];
  for (const group of groups) {
    try {
      byGroup.set(group.ChannelGroupName, await listGroupChannels(ctx, group.ChannelGroupName));
    } catch (error) {
      // A group deleted since it was listed has no channels (AWS deletes a group only once it is empty).
      if (isResourceNotFound(error)) byGroup.set(group.ChannelGroupName, []);
      else failures.push(`${group.ChannelGroupName}: ${describeError(error)}`);
    }
  }
  return { byGroup, failures };
}

async function listGroupChannels(ctx: KindContext<MediaPackageV2Client>, groupName: string): Promise<ListedChannel[]> {
  const channels = new Map<string, ListedChannel>();
  let token: string | undefined;
  await ctx.budget.retryThrottles('ListChannels', async () => {
    const pages = paginateListChannels(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListChannels'),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(token ? { startingToken: token } : {}),
      },
      { ChannelGroupName: groupName },
    );
    for await (const page of pages) {
      for (const channel of page.Items ?? [])
        if (channel.Arn && channel.ChannelName)
          channels.set(channel.ChannelName, {
            ...channel,
            ChannelGroupName: channel.ChannelGroupName ?? groupName,
          } as ListedChannel);
      token = page.NextToken;
    }
  });
  return [...channels.values()].sort((a, b) => compare(a.ChannelName, b.ChannelName));
}

/** MediaPackage v2's "no such resource" (`ResourceNotFoundException`; v1 and MediaConnect say `NotFoundException`). */
export function isResourceNotFound(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ResourceNotFoundException' || error.name === 'NotFoundException');
}

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
