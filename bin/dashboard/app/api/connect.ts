import type { AppConfig } from './app-config';
import { createDashboardApi, type DashboardApi } from './dashboard-api';

/**
 * The API client for this copy of the dashboard. Proxy mode (`npm run demo`, `npm start`, `mediamon dashboard`): the
 * dashboard's own server answers `apiBase` (`/api`) on the same origin and signs there, so the browser sends no
 * credential at all. Hosted mode signs in the browser with Cognito's temporary credentials.
 */
export async function connect(config: AppConfig): Promise<DashboardApi> {
  if (config.mode === 'proxy') return createDashboardApi(config.apiBase);
  // A separate chunk: the sign-in and the SigV4 signer are downloaded only by a hosted copy.
  const { hostedApi } = await import('./hosted-transport');
  return hostedApi(config);
}
