/**
 * The rules of a flow's metrics polling settings (`PUT /flows/{flowArn}/polling`, the seed's Polling Status and
 * Polling Frequency), as the API's schema has them: an interval in whole minutes from 1 minute to 1 day.
 */

export interface PollingForm {
  enabled: boolean;
  /** Seconds, as typed. */
  intervalSeconds: string;
}

export const MIN_POLLING_SECONDS = 60;
export const MAX_POLLING_SECONDS = 86_400;

/** The stored settings, or the defaults (polled every minute) when none are stored. */
export function pollingFormOf(polling: { enabled?: unknown; intervalSeconds?: unknown } | undefined): PollingForm {
  return {
    enabled: polling?.enabled !== false,
    intervalSeconds: String(typeof polling?.intervalSeconds === 'number' ? polling.intervalSeconds : 60),
  };
}

/** Field name → message; empty when the settings may be sent. */
export function validatePolling(form: PollingForm): Partial<Record<'intervalSeconds', string>> {
  const text = form.intervalSeconds.trim();
  if (!/^\d+$/.test(text)) return { intervalSeconds: 'Enter a whole number of seconds' };
  const seconds = Number(text);
  if (seconds < MIN_POLLING_SECONDS || seconds > MAX_POLLING_SECONDS)
    return { intervalSeconds: `Enter ${MIN_POLLING_SECONDS} to ${MAX_POLLING_SECONDS} seconds (1 minute to 1 day)` };
  if (seconds % 60 !== 0) return { intervalSeconds: 'Enter a multiple of 60 seconds (whole minutes)' };
  return {};
}

export function pollingBody(form: PollingForm): { enabled: boolean; intervalSeconds: number } {
  return { enabled: form.enabled, intervalSeconds: Number(form.intervalSeconds.trim()) };
}
