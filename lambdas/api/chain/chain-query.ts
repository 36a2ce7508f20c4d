import { ChainDirection, readChain, rootIsKnown, type ChainStore } from '../../chain/chain-graph';
import type { ChainGraph } from '../../chain/link-model';
import { NotFoundError } from '../../shared/errors';

export interface ChainQuery {
  readonly direction: ChainDirection;
  readonly depth: number;
  readonly limit: number;
}

/**
 * The answer of `GET /chains/{arn}`: the chain around the resource (chain/chain-graph.ts), or NotFoundError when the
 * store knows nothing of the ARN (no live `#META` and no link). A resource that is linked but not polled (another
 * account, or not monitored) answers with its links and `monitored: false`.
 */
export async function getChain(store: ChainStore, arn: string, query: ChainQuery, nowMs: number): Promise<ChainGraph> {
  const graph = await readChain(store, arn, {
    direction: query.direction,
    maxDepth: query.depth,
    maxNodes: query.limit,
    nowMs,
  });
  if (!rootIsKnown(graph)) throw new NotFoundError(`No resource or link is stored for ${arn}`);
  return graph;
}
