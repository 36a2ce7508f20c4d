/**
 * Times in alarm and event payloads. CloudWatch writes `2020-10-15T14:13:14.090+0000` (no colon in the offset),
 * EventBridge `2019-10-02T17:04:40Z`. Both become epoch ms and a normalised ISO string, which sorts as text.
 */

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;
/** Times before 2000 or more than a day ahead are not credible event times (and would break TTL arithmetic). */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const MAX_FUTURE_MS = 86_400_000;

export interface EventTime {
  readonly ms: number;
  readonly iso: string;
}

/** Parses an event time, or returns undefined when it is not an ISO-8601 time in a credible range. */
export function parseEventTime(value: unknown, nowMs: number): EventTime | undefined {
  if (typeof value !== 'string' || value.length > 40 || !ISO_LIKE.test(value)) return undefined;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(normalised);
  if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > nowMs + MAX_FUTURE_MS) return undefined;
  return { ms, iso: new Date(ms).toISOString() };
}

/** The UTC day of an epoch ms time, `yyyy-mm-dd`. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
