import { inputLinks } from './chain-links';
import {
  DescribeInputCommand,
  DescribeInputSecurityGroupCommand,
  paginateListInputs,
  paginateListInputSecurityGroups,
  type Input,
  type InputSecurityGroup,
  type MediaLiveClient,
} from '@aws-sdk/client-medialive';
import type { RequestBudget } from '../polling/request-budget';
import {
  GONE,
  type InventoryKind,
  type KindContext,
  type ListedPage,
  type ListedResource,
} from '../polling/resource-kind';
import { describeError, isNotFound } from '../shared/errors';
import { parseMediaLiveArn } from './arn';
import { buildInputRecord, INPUT_TRUNCATABLE_FIELDS, POLLER_OWNED_INPUT_FIELDS } from './input-records';
import { rememberInputArn } from './input-arns';
import { budgetedClient, LIST_PAGE_SIZE } from './medialive-client';
import { builtMeta } from './record-hash';
import { INPUT_TYPE } from './medialive-model';

/**
 * MediaLive inputs. ListInputs returns whole `Input` objects, so the kind builds its records from the listing:
 * `describe` makes no call (DescribeInput is used only by `lookup`, for a refresh outside the cycle). Security groups
 * carry their whitelist rules, from one ListInputSecurityGroups listing per cycle shared by every input.
 */

/** What the listing hands `describe`: the input as listed, when it was listed, and the cycle's security groups. */
export interface ListedInput {
  readonly input: Input & { Arn: string };
  /** Epoch ms of the request that returned the input. */
  readonly observedAtMs: number;
  readonly securityGroups?: ReadonlyMap<string, InputSecurityGroup>;
  /** Why the security groups could not be read (their ids are stored without rules). */
  readonly securityGroupsError?: string;
}

/** MediaLive reports a deleted input as `DELETED` for a while (moto keeps it so): it is gone. */
const GONE_STATES: ReadonlySet<string> = new Set(['DELETED']);

interface SecurityGroupListing {
  groups?: ReadonlyMap<string, InputSecurityGroup>;
  error?: string;
}

/** One ListInputSecurityGroups listing per budget, i.e. per cycle (the engine restarts a throttled listing). */
const securityGroupListings = new WeakMap<RequestBudget, Promise<SecurityGroupListing>>();

export const inputKind: InventoryKind<MediaLiveClient, ListedInput> = {
  service: 'medialive',
  type: INPUT_TYPE,
  poller: 'medialive-inputs',
  childPrefixes: [],
  ownedFields: POLLER_OWNED_INPUT_FIELDS,
  truncatableFields: INPUT_TRUNCATABLE_FIELDS,
  links: inputLinks,

  async *listPages(ctx, startingToken) {
    const groups = await cycleSecurityGroups(ctx);
    let observedAtMs = ctx.clock.now();
    const pages = paginateListInputs(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListInputs', {
          onRequest: () => (observedAtMs = ctx.clock.now()),
        }),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(startingToken ? { startingToken } : {}),
      },
      {},
    );
    for await (const page of pages) {
      const items = (page.Inputs ?? [])
        .filter((input): input is Input & { Arn: string } => Boolean(input.Arn) && !GONE_STATES.has(input.State ?? ''))
        .map((input) => {
          if (input.Id) rememberInputArn(ctx.budget, input.Id, input.Arn);
          return listedInput(input, observedAtMs, groups);
        });
      const listed: ListedPage<ListedInput> = { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
      yield listed;
    }
  },

  async lookup(ctx, arn) {
    const id = parseMediaLiveArn(arn)?.id;
    if (!id) throw new Error(`Not a MediaLive input ARN: ${arn.slice(0, 200)}`);
    const observedAtMs = ctx.clock.now();
    let input: Input;
    try {
      input = await ctx.budget.call('DescribeInput', () => ctx.client.send(new DescribeInputCommand({ InputId: id })));
    } catch (error) {
      if (isNotFound(error)) return GONE;
      throw error;
    }
    if (GONE_STATES.has(input.State ?? '')) return GONE;
    const groups = await describeSecurityGroups(ctx, input.SecurityGroups ?? []);
    return listedInput({ ...input, Arn: input.Arn ?? arn }, observedAtMs, groups);
  },

  async describe(ctx, listed) {
    const { input, observedAtMs, securityGroups, securityGroupsError } = listed.listed;
    if (GONE_STATES.has(input.State ?? '')) return GONE;
    const record = buildInputRecord(input, {
      account: ctx.account,
      region: ctx.region,
      observedAtMs,
      ...(securityGroups ? { securityGroups } : {}),
    });
    const warning =
      securityGroupsError && input.SecurityGroups?.length
        ? `security group rules unreadable: ${securityGroupsError}`
        : undefined;
    return { tree: { meta: builtMeta(record), children: [] }, ...(warning ? { warning } : {}) };
  },
};

function listedInput(
  input: Input & { Arn: string },
  observedAtMs: number,
  groups: SecurityGroupListing,
): ListedResource<ListedInput> {
  return {
    arn: input.Arn,
    ...(input.Name ? { name: input.Name } : {}),
    ...(input.State ? { status: input.State } : {}),
    ...(input.Name ? { summary: { name: input.Name } } : {}),
    listed: {
      input,
      observedAtMs,
      ...(groups.groups ? { securityGroups: groups.groups } : {}),
      ...(groups.error ? { securityGroupsError: groups.error } : {}),
    },
  };
}

function cycleSecurityGroups(ctx: KindContext<MediaLiveClient>): Promise<SecurityGroupListing> {
  let listing = securityGroupListings.get(ctx.budget);
  if (!listing) {
    listing = listSecurityGroups(ctx);
    securityGroupListings.set(ctx.budget, listing);
  }
  return listing;
}

/** Every input security group; a failure is recorded, never fatal (moto has no ListInputSecurityGroups). */
async function listSecurityGroups(ctx: KindContext<MediaLiveClient>): Promise<SecurityGroupListing> {
  const groups = new Map<string, InputSecurityGroup>();
  let token: string | undefined;
  try {
    await ctx.budget.retryThrottles('ListInputSecurityGroups', async () => {
      const pages = paginateListInputSecurityGroups(
        {
          client: budgetedClient(ctx.client, ctx.budget, 'ListInputSecurityGroups', { unavailableIsTyped: true }),
          pageSize: LIST_PAGE_SIZE,
          stopOnSameToken: true,
          ...(token ? { startingToken: token } : {}),
        },
        {},
      );
      for await (const page of pages) {
        for (const group of page.InputSecurityGroups ?? []) if (group.Id) groups.set(group.Id, group);
        token = page.NextToken;
      }
    });
    return { groups };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/** The security groups of one input (a refresh): one DescribeInputSecurityGroup each, usually one. */
async function describeSecurityGroups(
  ctx: KindContext<MediaLiveClient>,
  ids: readonly string[],
): Promise<SecurityGroupListing> {
  const groups = new Map<string, InputSecurityGroup>();
  try {
    for (const id of ids) {
      const group = await ctx.budget.call('DescribeInputSecurityGroup', () =>
        ctx.client.send(new DescribeInputSecurityGroupCommand({ InputSecurityGroupId: id })),
      );
      groups.set(id, { ...group, Id: group.Id ?? id });
    }
    return { groups };
  } catch (error) {
    return { error: describeError(error) };
  }
}
