/** A poller's last run as the summary shows it. */
export interface PollerView {
  /** `<poller>#<account>#<region>`. */
  key: string;
  poller: string;
  account: string;
  region: string;
  /** When the latest cycle started (every resource it polled successfully was polled then). */
  lastRunAt?: string;
  lastFinishedAt?: string;
  durationMs?: number;
  /** Seconds since the latest cycle started. */
  ageSeconds?: number;
  /** True when the poller has missed runs: no cycle for longer than `staleAfterSeconds`, or none at all. */
  stale: boolean;
  staleAfterSeconds: number;
  /** Errors the latest cycle recorded. */
  errors: number;
  /** Resources the latest cycle failed to poll. */
  failedResources: number;
  /**
   * How far the poller's pass over every resource has come, for pollers that spread a pass over several invocations:
   * `remaining` resources of `total` are still to be polled in the pass that started at `passStartedAt`.
   */
  progress?: PassView;
  /** Scheduled runs that found the latest cycle's lease held and skipped (absent for a cycle run without a lease). */
  skippedPolls?: number;
}

/** A pass as the summary shows it; the sweep fields are there when the poller paces a rolling sweep. */
export interface PassView {
  complete: boolean;
  total: number;
  remaining: number;
  passStartedAt?: string;
  /** The rolling sweep's period: every resource is described at least once within it. */
  periodMinutes?: number;
  /** When the pass must be complete to keep the period. */
  dueBy?: string;
  /** The pass is overdue with resources left: the period is not kept (the quota cannot describe the estate in it). */
  behind?: boolean;
  /** A lower bound on when the least recently described resource was described; absent while some never was. */
  oldestDescribedAt?: string;
  /** Its age in seconds at the time of the summary. */
  oldestDescriptionAgeSeconds?: number;
  /** When every listed resource had first been described at least once. */
  firstCompleteAt?: string;
}

/** A scheduled poller is stale after missing this many runs. */
export const MISSED_RUNS_BEFORE_STALE = 3;

/** Schedule intervals of the pollers, in seconds (the CDK defaults: inventory rate(5 minutes), metrics rate(1 minute)). */
export const DEFAULT_POLLER_INTERVALS: Readonly<Record<string, number>> = {
  'mediaconnect-inventory': 300,
  metrics: 60,
};
const FALLBACK_INTERVAL_SECONDS = 300;

/**
 * A poller status item (`lambdas/store/poller-status.ts`: `lastCycle`, `lastPolledAt`, `failedResources`) as shown,
 * with its staleness against the poller's schedule interval.
 */
export function pollerView(
  item: Record<string, unknown>,
  now: number,
  intervals: Readonly<Record<string, number>> = DEFAULT_POLLER_INTERVALS,
): PollerView {
  const cycle = (item.lastCycle ?? {}) as Record<string, unknown>;
  const poller = String(item.poller ?? cycle.poller ?? 'unknown');
  const account = String(item.account ?? '');
  const region = String(item.region ?? '');
  const lastRunAt = firstString(item.lastPolledAt, cycle.startedAt, item.observedAt);
  const lastFinishedAt = firstString(cycle.finishedAt);
  const staleAfterSeconds = (intervals[poller] ?? FALLBACK_INTERVAL_SECONDS) * MISSED_RUNS_BEFORE_STALE;
  const at = lastRunAt ? Date.parse(lastRunAt) : NaN;
  const ageSeconds = Number.isFinite(at) ? Math.max(0, Math.round((now - at) / 1000)) : undefined;
  return {
    key: `${poller}#${account}#${region}`,
    poller,
    account,
    region,
    ...(lastRunAt ? { lastRunAt } : {}),
    ...(lastFinishedAt ? { lastFinishedAt } : {}),
    ...(typeof cycle.durationMs === 'number' ? { durationMs: cycle.durationMs } : {}),
    ...(ageSeconds !== undefined ? { ageSeconds } : {}),
    stale: ageSeconds === undefined || ageSeconds > staleAfterSeconds,
    staleAfterSeconds,
    errors: Array.isArray(cycle.errors) ? cycle.errors.length : 0,
    failedResources: failedResourceCount(item, cycle),
    ...(typeof cycle.skippedPolls === 'number' ? { skippedPolls: cycle.skippedPolls } : {}),
    ...passProgress(cycle.pass, now),
  };
}

/**
 * Parses POLLER_INTERVALS (`name=seconds,name=seconds`), on top of the defaults. Set it when the schedules differ from
 * the defaults, so staleness is judged against the real schedule.
 */
export function parsePollerIntervals(value: string | undefined): Record<string, number> {
  const intervals: Record<string, number> = { ...DEFAULT_POLLER_INTERVALS };
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [name, seconds] = entry.split('=');
    const parsed = Number(seconds);
    if (!name || !Number.isInteger(parsed) || parsed <= 0)
      throw new RangeError(`POLLER_INTERVALS entry "${entry}" is not name=seconds`);
    intervals[name.trim()] = parsed;
  }
  return intervals;
}

/**
 * The summary reads statuses through GSI1, which projects `lastCycle` (with `failedResourceCount`) but not the
 * `failedResources` map; the map, capped in size, is only a fallback for a status read from the table itself.
 */
function failedResourceCount(item: Record<string, unknown>, cycle: Record<string, unknown>): number {
  if (typeof cycle.failedResourceCount === 'number') return cycle.failedResourceCount;
  return item.failedResources && typeof item.failedResources === 'object'
    ? Object.keys(item.failedResources).length
    : 0;
}

function passProgress(pass: unknown, now: number): Pick<PollerView, 'progress'> {
  if (!pass || typeof pass !== 'object') return {};
  const p = pass as Record<string, unknown>;
  if (typeof p.total !== 'number' || typeof p.remaining !== 'number') return {};
  const passStartedAt = firstString(p.startedAt);
  const dueBy = firstString(p.dueBy);
  const oldestDescribedAt = firstString(p.oldestDescribedAt);
  const oldestAt = oldestDescribedAt ? Date.parse(oldestDescribedAt) : NaN;
  const firstCompleteAt = firstString(p.firstCompleteAt);
  return {
    progress: {
      complete: p.complete === true,
      total: p.total,
      remaining: p.remaining,
      ...(passStartedAt ? { passStartedAt } : {}),
      ...(typeof p.periodMs === 'number' ? { periodMinutes: p.periodMs / 60_000 } : {}),
      ...(dueBy ? { dueBy } : {}),
      ...(typeof p.behind === 'boolean' ? { behind: p.behind } : {}),
      ...(oldestDescribedAt ? { oldestDescribedAt } : {}),
      ...(Number.isFinite(oldestAt)
        ? { oldestDescriptionAgeSeconds: Math.max(0, Math.round((now - oldestAt) / 1000)) }
        : {}),
      ...(firstCompleteAt ? { firstCompleteAt } : {}),
    },
  };
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === 'string' && v !== '');
}
