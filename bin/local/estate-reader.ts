import { mapWithConcurrency } from '../../lambdas/shared/rate-limiter';
import { withoutChildTombstones } from '../../lambdas/store/child-tombstones';
import { GSI1, listPk, POLLERS_LIST_PK, resourcePk } from '../../lambdas/store/keys';
import type { StateStore } from '../../lambdas/store/state-store';
import { EstateView, flowView, FlowView, pollerView, PollerView } from './estate-view';

/**
 * Reads what the terminal shows from the state table, with the same queries the API uses: one GSI1 Query for the
 * flow listing, one Query per flow partition, one GSI1 Query for the pollers.
 */
export async function readEstateView(
  store: Pick<StateStore, 'queryAll'>,
  where: { account: string; region: string },
  now: number,
): Promise<EstateView> {
  const [listing, pollerItems] = await Promise.all([
    store.queryAll<{ arn?: string; gsi1sk?: string; tombstone?: boolean }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', where.account, where.region),
    }),
    store.queryAll<Record<string, unknown>>({ index: GSI1, pk: POLLERS_LIST_PK }),
  ]);
  const arns = listing
    .filter((f) => !f.tombstone)
    .map((f) => f.arn ?? arnFromListSk(f.gsi1sk))
    .filter((a): a is string => Boolean(a));
  const flows = await mapWithConcurrency(arns, 8, async (arn) =>
    flowView(
      withoutChildTombstones(await store.queryAll<Record<string, unknown> & { sk: string }>({ pk: resourcePk(arn) })),
      now,
    ),
  );
  const pollers = pollerItems
    .filter((p) => typeof p.gsi1sk === 'string' && p.gsi1sk.endsWith(`#${where.account}#${where.region}`))
    .map(pollerView)
    .filter((p): p is PollerView => p !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name));
  return { flows: flows.filter((f): f is FlowView => f !== undefined), pollers };
}

function arnFromListSk(sk: string | undefined): string | undefined {
  const at = sk?.indexOf('#arn:') ?? -1;
  return sk && at >= 0 ? sk.slice(at + 1) : undefined;
}
