import type { ResourceRefresher } from '../polling/refresh';
import type { ServiceName } from '../store/keys';

/** The resource refresher of each service the API acts on (a service without one cannot be refreshed after actions). */
export type ServiceRefreshers = Partial<Record<ServiceName, ResourceRefresher>>;

/** A service's resources cannot be re-read yet: no refresher is wired for it. Actions report `refreshed: false`. */
export class RefreshUnavailableError extends Error {
  constructor(readonly service: ServiceName) {
    super(`No refresher is wired for ${service}: its resources are re-read by the next inventory cycle`);
    this.name = 'RefreshUnavailableError';
  }
}

/** A refresher that always throws RefreshUnavailableError: never a silent no-op. */
export const unavailableRefresher =
  (service: ServiceName): ResourceRefresher =>
  async () => {
    throw new RefreshUnavailableError(service);
  };

/** The service's refresher; one that throws RefreshUnavailableError when none is wired. */
export function refresherOf(refreshers: ServiceRefreshers, service: ServiceName): ResourceRefresher {
  return refreshers[service] ?? unavailableRefresher(service);
}
