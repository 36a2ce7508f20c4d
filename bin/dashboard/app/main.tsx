import { render } from 'preact';
import type { MeResponse } from '../../../lambdas/api/monitoring/change-feed';
import './styles.css';
import { connect } from './api/connect';
import { ApiCallError, type DashboardApi } from './api/dashboard-api';
import { App } from './app';
import { ErrorPanel } from './components/error-panel';
import { ChangeFeed } from './live/change-feed';
import { browserEnvironment } from './live/browser-environment';
import { parseAppConfig } from './model/config-check';

/**
 * The dashboard's start: read `/config.json`, connect to the API the way it says, ask `GET /me` who the caller is,
 * start the page's one change-feed poller and render. A failure at any step shows a screen that says which step
 * failed and why (never a stack), with a button to try again.
 */
async function start(root: HTMLElement): Promise<void> {
  render(<StartupScreen heading="Media monitor" message="Connecting to the API…" />, root);
  let step = 'Reading the dashboard configuration (/config.json)';
  try {
    const response = await fetch('/config.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok)
      throw new ApiCallError(response.status, `Http${response.status}`, `config.json answered ${response.status}`);
    const config = parseAppConfig(await response.json());
    step = 'Connecting to the API';
    const api: DashboardApi = await connect(config);
    step = 'Asking the API who you are (GET /me)';
    const me = await api.get<MeResponse>('/me');
    const feed = new ChangeFeed(api, browserEnvironment);
    feed.start();
    render(<App api={api} role={me.role} feed={feed} />, root);
  } catch (error) {
    render(<StartupFailure step={step} error={error} retry={() => void start(root)} />, root);
  }
}

function StartupScreen({ heading, message }: { heading: string; message: string }) {
  return (
    <main id="main" class="startup">
      <h1>{heading}</h1>
      <p class="muted">{message}</p>
    </main>
  );
}

/** Why the dashboard could not start, in words an operator can act on. */
function StartupFailure({ step, error, retry }: { step: string; error: unknown; retry: () => void }) {
  const apiError =
    error instanceof ApiCallError
      ? error
      : new ApiCallError(
          0,
          error instanceof Error ? error.name : 'Error',
          error instanceof Error ? error.message : String(error),
        );
  // ErrorPanel says what the HTTP status means in general; these two say what to do about it here.
  const advice =
    apiError.status === 403
      ? 'These credentials are not the operator or the read-only role of this deployment.'
      : apiError.status === 401
        ? 'The API needs signed requests: check the credentials the dashboard server signs with.'
        : undefined;
  return (
    <main id="main" class="startup">
      <h1>The dashboard could not start</h1>
      <ErrorPanel error={apiError} title={`${step} failed`} onRetry={retry}>
        {advice && <p>{advice}</p>}
      </ErrorPanel>
    </main>
  );
}

const root = document.getElementById('app');
if (root) void start(root);
