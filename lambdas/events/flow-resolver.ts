import { validArn } from '../shared/arn';
import type { Clock } from '../shared/clock';
import { mapWithConcurrency } from '../shared/rate-limiter';
import { withoutChildTombstones } from '../store/child-tombstones';
import { GSI1, listPk, resourcePk } from '../store/keys';
import { childParentPk, expiresAfterDays, IngestStore, PARENT_SK } from './ingest-store';

/**
 * Finds the flow of a MediaConnect source or output, for alarms whose only dimension is SourceARN or OutputARN.
 *
 * A child ARN does not reliably name its flow: AWS gives a source its own id (`flow:1-23aBC…:Show` has
 * `source:2-3aBC…:Main`), while moto reuses the flow's. So the flow is found, in this order:
 * 1. this container's cache;
 * 2. the lookup item `CHILD#<child arn>` / `#PARENT` (`{flowArn}`), written here whenever a child's flow becomes known
 *    (a Source/Output Health event names both; a search finds it);
 * 3. a search: the account's and region's flows from the listing index (one paginated Query), then each flow's
 *    children of that kind (one Query on `RES#<flow>`, `begins_with(sk, 'SOURCE#')`: the inventory poller's child
 *    items), flows whose ARN id resembles the child's first, up to 64 at a time; every child seen is cached, the answer
 *    is written as the lookup item. Searches of one kind run one after another and skip flows read within the last
 *    30 s, so an alarm storm over many children costs at most one read of each flow's children per container.
 * A child found nowhere is remembered as unknown for a short while, so an alarm storm on it costs one search.
 */
export interface FlowResolverOptions {
  /** @default 10000 */
  readonly cacheSize?: number;
  /** How long a child found nowhere is not searched again. @default 30000 */
  readonly unknownTtlMs?: number;
  /** Lookup items expire after this many days without a refresh (a deleted flow leaves none behind). @default 30 */
  readonly lookupRetentionDays?: number;
  /** Partition Queries in flight during a search. @default 64 */
  readonly searchConcurrency?: number;
}

export type ChildKind = 'SOURCE' | 'OUTPUT';

export interface FlowResolverStats {
  cacheHits: number;
  lookupHits: number;
  searches: number;
  searchReads: number;
  unknown: number;
  remembered: number;
}

export const CHILD_PARENT_TYPE = 'mediaconnect:child-parent';

export class FlowResolver {
  readonly stats: FlowResolverStats = {
    cacheHits: 0,
    lookupHits: 0,
    searches: 0,
    searchReads: 0,
    unknown: 0,
    remembered: 0,
  };
  private readonly cache = new Map<string, string>();
  private readonly unknownUntil = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<string | undefined>>();
  /** Searches run one at a time per kind; each waits for the one before, which may have cached its answer. */
  private readonly searchTail = new Map<ChildKind, Promise<unknown>>();
  /** When each flow's children of a kind were last read into the cache (`<kind>#<flow arn>`). */
  private readonly scannedAt = new Map<string, number>();

  constructor(
    private readonly store: IngestStore,
    private readonly clock: Clock,
    private readonly options: FlowResolverOptions = {},
  ) {}

  /** The flow ARN of a source or output, or undefined when no stored flow has it. */
  async flowOf(childArn: string, kind: ChildKind): Promise<string | undefined> {
    const cached = this.cache.get(childArn);
    if (cached) {
      this.stats.cacheHits++;
      return cached;
    }
    if ((this.unknownUntil.get(childArn) ?? 0) > this.clock.now()) {
      this.stats.unknown++;
      return undefined;
    }
    const pending = this.inFlight.get(childArn);
    if (pending) return pending;
    const lookup = this.resolve(childArn, kind).finally(() => this.inFlight.delete(childArn));
    this.inFlight.set(childArn, lookup);
    return lookup;
  }

  /** Records a child's flow learnt from an event; writes the lookup item unless this container already knows it. */
  async remember(childArn: string, kind: ChildKind, flowArn: string): Promise<void> {
    if (this.cache.get(childArn) === flowArn) return;
    await this.writeLookup(childArn, kind, flowArn);
    this.cacheSet(childArn, flowArn);
  }

  private async resolve(childArn: string, kind: ChildKind): Promise<string | undefined> {
    const lookup = await this.store.get<{ flowArn?: string }>({ pk: childParentPk(childArn), sk: PARENT_SK });
    if (typeof lookup?.flowArn === 'string') {
      this.stats.lookupHits++;
      this.cacheSet(childArn, lookup.flowArn);
      return lookup.flowArn;
    }
    const found = await this.serialSearch(childArn, kind);
    if (!found) {
      this.stats.unknown++;
      this.unknownUntil.set(childArn, this.clock.now() + (this.options.unknownTtlMs ?? 30_000));
      if (this.unknownUntil.size > (this.options.cacheSize ?? 10_000)) this.unknownUntil.clear();
      return undefined;
    }
    await this.writeLookup(childArn, kind, found);
    this.cacheSet(childArn, found);
    return found;
  }

  /** A search after the one in progress for this kind: its answer (or its cached siblings) may make this one moot. */
  private serialSearch(childArn: string, kind: ChildKind): Promise<string | undefined> {
    const run = (this.searchTail.get(kind) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.cache.get(childArn) ?? this.search(childArn, kind));
    this.searchTail.set(kind, run);
    return run;
  }

  private async search(childArn: string, kind: ChildKind): Promise<string | undefined> {
    const child = validArn(childArn);
    if (!child) return undefined;
    this.stats.searches++;
    const flows = await this.store.queryAll<{ arn?: string; gsi1sk?: string; tombstone?: boolean }>({
      index: GSI1,
      pk: listPk('mediaconnect:flow', child.account, child.region),
    });
    const childId = idSegment(child.resource);
    const now = this.clock.now();
    const fresh = (flowArn: string) =>
      (this.scannedAt.get(`${kind}#${flowArn}`) ?? 0) > now - (this.options.unknownTtlMs ?? 30_000);
    // Flows whose children were read recently are in the cache already: a child not there is not theirs.
    const candidates = flows
      .filter((f) => f.tombstone !== true)
      .map((f) => f.arn ?? arnOfListSk(f.gsi1sk))
      .filter((arn): arn is string => typeof arn === 'string' && !fresh(arn))
      .sort((a, b) => affinity(childId, b) - affinity(childId, a));
    let found: string | undefined;
    const concurrency = this.options.searchConcurrency ?? 64;
    for (let start = 0; start < candidates.length && !found; start += concurrency) {
      const batch = candidates.slice(start, start + concurrency);
      const hits = await mapWithConcurrency(batch, concurrency, async (flowArn) => {
        this.stats.searchReads++;
        // The flow's children of this kind, all cached: one Query answers for every sibling a storm will ask about.
        const children = withoutChildTombstones(
          await this.store.queryAll<{ sk: string }>({ pk: resourcePk(flowArn), skPrefix: `${kind}#` }),
        );
        for (const c of children) this.cacheSet(c.sk.slice(kind.length + 1), flowArn);
        this.scannedAt.set(`${kind}#${flowArn}`, this.clock.now());
        if (this.scannedAt.size > (this.options.cacheSize ?? 10_000)) this.scannedAt.clear();
        return children.some((c) => c.sk === `${kind}#${childArn}`) ? flowArn : undefined;
      });
      found = hits.find((hit) => hit !== undefined);
    }
    return found;
  }

  private async writeLookup(childArn: string, kind: ChildKind, flowArn: string): Promise<void> {
    const now = this.clock.now();
    await this.store.put({
      pk: childParentPk(childArn),
      sk: PARENT_SK,
      type: CHILD_PARENT_TYPE,
      childArn,
      childKind: kind,
      flowArn,
      resolvedAt: new Date(now).toISOString(),
      expiresAt: expiresAfterDays(now, this.options.lookupRetentionDays ?? 30),
    });
    this.stats.remembered++;
  }

  private cacheSet(childArn: string, flowArn: string): void {
    this.unknownUntil.delete(childArn);
    this.cache.delete(childArn);
    this.cache.set(childArn, flowArn);
    // A Map iterates in insertion order: the first key is the least recently set.
    if (this.cache.size > (this.options.cacheSize ?? 10_000)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

/** The id part of a MediaConnect resource (`source:<id>:<name>` → `<id>`; ids may hold colons in old ARNs). */
function idSegment(resource: string): string {
  const parts = resource.split(':');
  return parts.slice(1, -1).join(':');
}

/** How much a flow's ARN id looks like a child's: 2 equal (moto), 1 same last `-` part (AWS samples), else 0. */
function affinity(childId: string, flowArn: string): number {
  const flow = validArn(flowArn);
  if (!flow || !childId) return 0;
  const flowId = idSegment(flow.resource);
  if (flowId === childId) return 2;
  const tail = (id: string) => id.split('-').pop() ?? '';
  return tail(flowId) !== '' && tail(flowId) === tail(childId) ? 1 : 0;
}

/** The ARN in a listing sort key `<name>#<arn>` (a flow name may contain `#`, an ARN's start cannot be mistaken). */
function arnOfListSk(sk: string | undefined): string | undefined {
  const at = sk?.lastIndexOf('#arn:') ?? -1;
  return sk && at >= 0 ? sk.slice(at + 1) : undefined;
}
