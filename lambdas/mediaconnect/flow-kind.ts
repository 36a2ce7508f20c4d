import { flowLinks } from './flow-links';
import {
  ListedFlow,
  ListTagsForResourceCommand,
  MediaConnectClient,
  paginateListFlows,
} from '@aws-sdk/client-mediaconnect';
import { budgetedClient } from '../polling/inventory-deps';
import {
  BuiltMeta,
  BuiltRecord,
  DescribedResource,
  GONE,
  InventoryKind,
  KindContext,
  ListedPage,
  ListedResource,
} from '../polling/resource-kind';
import { parseArn, parseMediaConnectArn } from '../shared/arn';
import { describeError, isNotFound } from '../shared/errors';
import { DescribedFlow, describeFlow } from './flow-describe';
import { buildFlowRecords, FLOW_TRUNCATABLE_FIELDS, POLLER_OWNED_FLOW_FIELDS } from './flow-records';

/** The poller status (and lease) name of MediaConnect's inventory: its one kind, flows. */
export const INVENTORY_POLLER_NAME = 'mediaconnect-inventory';

/** ListFlows' largest page. */
const LIST_PAGE_SIZE = 1000;

/** A ListFlows entry (a refresh knows only the ARN). */
export type FlowListing = Partial<ListedFlow>;

/** A described flow: its records, and the DescribeFlow answer they were built from (to rebuild them with tags). */
export interface DescribedFlowResource extends DescribedResource {
  readonly flow: DescribedFlow;
}

/** The records of a described flow, with these tags (a flow's tags are on its `#META` item and in its hash). */
export function describedFlowResource(
  flow: DescribedFlow,
  context: { readonly region: string; readonly tags?: Record<string, string> | undefined },
): DescribedFlowResource {
  const records = buildFlowRecords(flow.document, {
    account: parseArn(flow.document.flowArn).account,
    region: context.region,
    observedAtMs: flow.observedAtMs,
    messages: flow.messages,
    ...(context.tags ? { tags: context.tags } : {}),
  });
  return {
    tree: {
      meta: records.flow as unknown as BuiltMeta,
      children: records.children as unknown as readonly BuiltRecord[],
    },
    flow,
  };
}

/**
 * MediaConnect's one inventory kind: flows, listed by ListFlows (1,000 a page), described by DescribeFlow into a flow
 * `#META` item and one item per source, output and entitlement. Tags come from ListTagsForResource, read only for a new
 * or changed flow and the sweep's pick (`enrich`): the call spends the same quota as DescribeFlow. Until they are
 * read again, a flow keeps its stored tags.
 */
export const flowKind: InventoryKind<MediaConnectClient, FlowListing> = {
  service: 'mediaconnect',
  type: 'mediaconnect:flow',
  poller: INVENTORY_POLLER_NAME,
  childPrefixes: ['SOURCE#', 'OUTPUT#', 'ENTITLEMENT#'],
  ownedFields: POLLER_OWNED_FLOW_FIELDS,
  truncatableFields: FLOW_TRUNCATABLE_FIELDS,
  // Small and meaningful only whole.
  untruncatableChildFields: ['encryption', 'decryption', 'subscribers'],
  listOperation: 'ListFlows',
  // The names the MediaConnect inventory's outcome had before the engine; stored statuses and the demo read them.
  outcomeNames: { listed: 'flowsListed', failed: 'failedFlows', warnings: 'tagErrors' },
  links: flowLinks,

  async *listPages(ctx, startingToken): AsyncIterable<ListedPage<FlowListing>> {
    const pages = paginateListFlows(
      {
        client: budgetedClient(ctx.client, ctx.budget, 'ListFlows'),
        pageSize: LIST_PAGE_SIZE,
        stopOnSameToken: true,
        ...(startingToken ? { startingToken } : {}),
      },
      {},
    );
    for await (const page of pages) {
      const items = (page.Flows ?? []).filter((f) => f.FlowArn).map(listedFlow);
      yield { items, ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
    }
  },

  async lookup(_ctx, arn) {
    parseMediaConnectArn(arn, 'flow');
    // DescribeFlow makes the read (and answers NotFound for a flow that is gone).
    return { arn, listed: { FlowArn: arn } };
  },

  async describe(ctx, listed, stored) {
    let flow: DescribedFlow;
    try {
      flow = await describeFlow(ctx.client, ctx.budget, ctx.clock, listed.arn);
    } catch (error) {
      if (isNotFound(error)) return GONE;
      throw error;
    }
    return describedFlowResource(flow, { region: ctx.region, tags: stored?.tags });
  },

  async enrich(ctx, described) {
    const { flow } = described as DescribedFlowResource;
    const tags = await readTags(ctx, flow.document.flowArn);
    if (tags.error !== undefined) return { ...described, warning: tags.error };
    return describedFlowResource(flow, { region: ctx.region, tags: tags.tags });
  },
};

function listedFlow(flow: ListedFlow): ListedResource<FlowListing> {
  return {
    arn: flow.FlowArn as string,
    ...(flow.Name !== undefined ? { name: flow.Name } : {}),
    ...(flow.Status !== undefined ? { status: flow.Status } : {}),
    // Stored under the same names and values (flow-records.ts derives sourceType as ListFlows does: OWNED | ENTITLED).
    summary: {
      ...(flow.Name !== undefined ? { name: flow.Name } : {}),
      ...(flow.SourceType !== undefined ? { sourceType: flow.SourceType } : {}),
      ...(flow.AvailabilityZone !== undefined ? { availabilityZone: flow.AvailabilityZone } : {}),
    },
    listed: flow,
  };
}

async function readTags(
  ctx: KindContext<MediaConnectClient>,
  flowArn: string,
): Promise<{ tags?: Record<string, string>; error?: string }> {
  try {
    const out = await ctx.budget.call('ListTagsForResource', () =>
      ctx.client.send(new ListTagsForResourceCommand({ ResourceArn: flowArn })),
    );
    return { tags: out.Tags ?? {} };
  } catch (error) {
    return { error: describeError(error) };
  }
}
