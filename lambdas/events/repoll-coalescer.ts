import { tryParseArn } from '../shared/arn';
import type { Clock } from '../shared/clock';
import type { StateStore } from '../store/state-store';
import { repollPk, REPOLL_SK } from './ingest-store';

/** The store operations a claim uses. */
export type RepollClaimStore = Pick<StateStore, 'get' | 'putIfAbsent' | 'putIfNewer' | 'updateIfNewer'>;

export const REPOLL_CLAIM_TYPE = 'repoll-claim';

interface ClaimItem {
  /**
   * A counter: each claim of a new window, each trailing mark and each release writes the stored value + 1, so of two
   * racing writers that read the same item only one lands.
   */
  version?: number;
  /** Epoch ms at which the current window started. */
  windowStart?: number;
  /** The current window's trailing re-poll is scheduled. */
  trailing?: boolean;
}

export interface RepollClaim {
  /** True: this caller re-polls now. */
  readonly claimed: boolean;
  /** Start of the window that covers the resource now (this claim's, or the one that refused it), when known. */
  readonly windowStart?: number;
  /** Refused, and this caller marked the window: it must schedule the window's trailing re-poll (one per window). */
  readonly scheduleTrailing?: boolean;
  /** Refused: whether the covering window's trailing re-poll is scheduled, by this caller or another. */
  readonly trailingScheduled?: boolean;
  /** The counter this caller's mark wrote, to release it (`releaseTrailingRepoll`) when scheduling fails. */
  readonly markerVersion?: number;
}

export interface RepollClaimOptions {
  /**
   * A refused caller marks the live window for a trailing re-poll at its end (leading and trailing coalescing): the
   * first refused caller of a window gets `scheduleTrailing`. @default false
   */
  readonly markTrailing?: boolean;
}

/** A claim that lost a race to another writer reads again, at most this many times in all. */
const MAX_CLAIM_ATTEMPTS = 3;

/**
 * Claims the re-poll of a resource for one window: true means "this caller re-polls now"; false means a re-poll within
 * the last `windowSeconds` already covers it. At most one claim per resource per window, however many callers race
 * (events of one alarm storm, the API's forced re-poll), because every claim is a conditional write on
 * `REPOLL#<arn>` / `#`:
 * - no item: put-if-absent;
 * - an expired window: a put conditional on the claim counter read (`version` = read + 1; a racing claimer that read the
 *   same counter fails the condition).
 * A read of a live window costs one GetItem and no write. The item expires (TTL) a minute after its window.
 */
export async function claimRepoll(
  store: RepollClaimStore,
  resourceArn: string,
  windowSeconds: number,
  clock: Clock,
): Promise<boolean> {
  return (await claimRepollWindow(store, resourceArn, windowSeconds, clock)).claimed;
}

/**
 * `claimRepoll`, also telling when the covering window started (for a caller that caches live windows), and, with
 * `markTrailing`, marking a live window for one trailing re-poll: the mark is an update conditional on the counter
 * read, so of many refused callers exactly one gets `scheduleTrailing`. A caller that loses a race to another writer
 * (a claim, a mark) reads again and decides on what it finds.
 */
export async function claimRepollWindow(
  store: RepollClaimStore,
  resourceArn: string,
  windowSeconds: number,
  clock: Clock,
  options: RepollClaimOptions = {},
): Promise<RepollClaim> {
  const windowMs = Math.max(0, windowSeconds) * 1000;
  const key = claimKey(resourceArn);
  const arn = tryParseArn(resourceArn);
  const claim = (now: number, version: number) => ({
    ...key,
    type: REPOLL_CLAIM_TYPE,
    account: arn?.account ?? '',
    region: arn?.region ?? '',
    observedAt: new Date(now).toISOString(),
    resourceArn,
    windowStart: now,
    windowSeconds: Math.max(0, windowSeconds),
    version,
    expiresAt: Math.ceil((now + windowMs) / 1000) + 60,
  });
  for (let attempt = 1; ; attempt++) {
    const now = clock.now();
    const stored = await store.get<ClaimItem>(key);
    const counter = typeof stored?.version === 'number' && Number.isFinite(stored.version) ? stored.version : 0;
    if (!stored) {
      if (await store.putIfAbsent(claim(now, 1))) return { claimed: true, windowStart: now };
    } else if (typeof stored.windowStart === 'number' && now - stored.windowStart < windowMs) {
      const windowStart = stored.windowStart;
      if (!options.markTrailing || stored.trailing === true)
        return { claimed: false, windowStart, trailingScheduled: stored.trailing === true };
      if (await store.updateIfNewer(key, counter + 1, { trailing: true }))
        return {
          claimed: false,
          windowStart,
          scheduleTrailing: true,
          trailingScheduled: true,
          markerVersion: counter + 1,
        };
    } else if (await store.putIfNewer(claim(now, counter + 1))) {
      return { claimed: true, windowStart: now };
    }
    if (attempt >= MAX_CLAIM_ATTEMPTS) return { claimed: false };
  }
}

/**
 * Takes back a trailing mark whose re-poll could not be scheduled, so a later refused caller of the window schedules
 * it. Conditional on the counter the mark wrote: a window claimed since is left alone. False when nothing was released.
 */
export async function releaseTrailingRepoll(
  store: Pick<RepollClaimStore, 'updateIfNewer'>,
  resourceArn: string,
  markerVersion: number,
): Promise<boolean> {
  return store.updateIfNewer(claimKey(resourceArn), markerVersion + 1, { trailing: false });
}

const claimKey = (resourceArn: string) => ({ pk: repollPk(resourceArn), sk: REPOLL_SK });

/**
 * The re-poll windows one container knows to be live (claimed by it, or found claimed by another), and whether their
 * trailing re-poll is known to be scheduled, so repeated requests within a window are coalesced without a store call.
 * It can only skip re-polls a live window covers.
 */
export class RepollWindows {
  private readonly windows = new Map<string, { liveUntil: number; trailing: boolean }>();

  constructor(private readonly maxEntries = 10_000) {}

  isLive(resourceArn: string, nowMs: number): boolean {
    return (this.windows.get(resourceArn)?.liveUntil ?? 0) > nowMs;
  }

  /** The live window's trailing re-poll is known to be scheduled: a request within it needs no store call at all. */
  trailingScheduled(resourceArn: string, nowMs: number): boolean {
    return this.isLive(resourceArn, nowMs) && this.windows.get(resourceArn)?.trailing === true;
  }

  remember(resourceArn: string, windowStart: number, windowSeconds: number, trailingScheduled = false): void {
    if (this.windows.size >= this.maxEntries) this.windows.clear();
    this.windows.set(resourceArn, { liveUntil: windowStart + windowSeconds * 1000, trailing: trailingScheduled });
  }
}
