import { createMetricsHandler } from '../../metrics/metrics-handler';

/**
 * The one metrics poller of every registered service, run per watched target by its schedule, and invoked with
 * `{ "arns": [...] }` for re-polls (see `createMetricsHandler`).
 */
export const handler = createMetricsHandler();
