import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';
import { withoutChildTombstones } from '../../lambdas/store/child-tombstones';
import { GSI1, listPk, POLLERS_LIST_PK, ResourceType, resourcePk } from '../../lambdas/store/keys';
import type { StateStore } from '../../lambdas/store/state-store';
import { channelView, ChannelView, inputView, InputView, linkChannelsToFlows } from './channel-view';
import { EstateView, flowView, FlowView, pollerView, PollerView } from './estate-view';

/**
 * Reads what the terminal shows from the state table, with the same queries the API uses: one GSI1 Query per listed
 * resource type (flows, MediaLive channels and inputs), one Query per flow and channel partition, one GSI1 Query for
 * the pollers. Inputs are read from their listing entries' partitions too (their `#META` holds everything).
 *
 * `accounts`: every watched account to show (each one's listings are read; flows come in this order, so a lookup by
 * name finds the first account's flow). @default [account]
 */
export async function readEstateView(
  store: Pick<StateStore, 'queryAll'>,
  where: { account: string; region: string; accounts?: readonly string[] },
  now: number,
): Promise<EstateView> {
  type Partition = (Record<string, unknown> & { sk: string })[];
  const accounts = where.accounts ?? [where.account];
  const partitionsOf = async (type: ResourceType): Promise<Partition[]> => {
    const listings = await Promise.all(
      accounts.map((account) =>
        store.queryAll<{ arn?: string; gsi1sk?: string; tombstone?: boolean }>({
          index: GSI1,
          pk: listPk(type, account, where.region),
        }),
      ),
    );
    const arns = listings
      .flat()
      .filter((f) => !f.tombstone)
      .map((f) => f.arn ?? arnFromListSk(f.gsi1sk))
      .filter((a): a is string => Boolean(a));
    return mapWithConcurrency(arns, 8, async (arn) =>
      withoutChildTombstones(await store.queryAll<Record<string, unknown> & { sk: string }>({ pk: resourcePk(arn) })),
    );
  };
  const [flowPartitions, channelPartitions, inputPartitions, pollerItems] = await Promise.all([
    partitionsOf('mediaconnect:flow'),
    partitionsOf('medialive:channel'),
    partitionsOf('medialive:input'),
    store.queryAll<Record<string, unknown>>({ index: GSI1, pk: POLLERS_LIST_PK }),
  ]);
  const flows = flowPartitions.map((items) => flowView(items, now)).filter((f): f is FlowView => f !== undefined);
  const inputs = inputPartitions
    .map((items) => items.find((i) => i.sk === '#META'))
    .map((meta) => (meta ? inputView(meta) : undefined))
    .filter((i): i is InputView => i !== undefined);
  const inputsByArn = new Map(inputs.map((i) => [i.arn, i]));
  const channels = channelPartitions
    .map((items) => channelView(items, inputsByArn, now))
    .filter((c): c is ChannelView => c !== undefined);
  const linked = linkChannelsToFlows(flows, channels, inputs);
  const pollers = pollerItems
    .map((p) => ({ item: p, account: accounts.find((a) => String(p.gsi1sk).endsWith(`#${a}#${where.region}`)) }))
    .filter((p) => p.account !== undefined)
    .map(({ item, account }) => {
      const view = pollerView(item);
      // Another account's poller is named for it: `mediaconnect-inventory@222222222222`.
      return view && account !== where.account ? { ...view, name: `${view.name}@${account}` } : view;
    })
    .filter((p): p is PollerView => p !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    flows: flows.map((flow) => {
      const feeds = linked.feedsByFlow.get(flow.arn);
      if (!feeds) return flow;
      const unmatched = feeds.get('');
      return {
        ...flow,
        outputs: flow.outputs.map((o) => (feeds.get(o.name) ? { ...o, feeds: feeds.get(o.name) } : o)),
        ...(unmatched ? { feedsInputs: unmatched } : {}),
      };
    }),
    pollers,
    channels: linked.channels,
    inputs,
  };
}

function arnFromListSk(sk: string | undefined): string | undefined {
  const at = sk?.indexOf('#arn:') ?? -1;
  return sk && at >= 0 ? sk.slice(at + 1) : undefined;
}
