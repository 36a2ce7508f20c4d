import { tryParseArn } from '../shared/arn';
import type { Clock } from '../shared/clock';
import type { StateStore } from '../store/state-store';
import { repollPk, REPOLL_SK } from './ingest-store';

/** The store operations a claim uses. */
export type RepollClaimStore = Pick<StateStore, 'get' | 'putIfAbsent' | 'putIfNewer'>;

export const REPOLL_CLAIM_TYPE = 'repoll-claim';

interface ClaimItem {
  /** A claim counter: each claim of a new window writes the stored value + 1, so two racing claimers cannot both win. */
  version?: number;
  /** Epoch ms at which the current window started. */
  windowStart?: number;
}

export interface RepollClaim {
  /** True: this caller re-polls now. */
  readonly claimed: boolean;
  /** Start of the window that covers the resource now (this claim's, or the one that refused it), when known. */
  readonly windowStart?: number;
}

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

/** `claimRepoll`, also telling when the covering window started (for a caller that caches live windows). */
export async function claimRepollWindow(
  store: RepollClaimStore,
  resourceArn: string,
  windowSeconds: number,
  clock: Clock,
): Promise<RepollClaim> {
  const now = clock.now();
  const windowMs = Math.max(0, windowSeconds) * 1000;
  const key = { pk: repollPk(resourceArn), sk: REPOLL_SK };
  const stored = await store.get<ClaimItem>(key);
  const arn = tryParseArn(resourceArn);
  const claim = (version: number) => ({
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
  const result = (claimed: boolean): RepollClaim => (claimed ? { claimed, windowStart: now } : { claimed });
  if (!stored) return result(await store.putIfAbsent(claim(1)));
  if (typeof stored.windowStart === 'number' && now - stored.windowStart < windowMs)
    return { claimed: false, windowStart: stored.windowStart };
  const counter = typeof stored.version === 'number' && Number.isFinite(stored.version) ? stored.version : 0;
  return result(await store.putIfNewer(claim(counter + 1)));
}

/**
 * The re-poll windows one container knows to be live (claimed by it, or found claimed by another), so repeated
 * requests within a window are coalesced without a store call. It can only skip re-polls a live window covers.
 */
export class RepollWindows {
  private readonly liveUntil = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  isLive(resourceArn: string, nowMs: number): boolean {
    return (this.liveUntil.get(resourceArn) ?? 0) > nowMs;
  }

  remember(resourceArn: string, windowStart: number, windowSeconds: number): void {
    if (this.liveUntil.size >= this.maxEntries) this.liveUntil.clear();
    this.liveUntil.set(resourceArn, windowStart + windowSeconds * 1000);
  }
}
