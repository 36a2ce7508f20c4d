import { useState } from 'preact/hooks';
import { ApiCallError } from '../../api/dashboard-api';
import { useApp, useLiveQuery } from '../../app-context';
import { ErrorPanel } from '../../components/error-panel';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { alarmsChanged } from '../../model/change-match';
import { formatNumber } from '../../model/format';
import { severityOf, SEVERITY_ORDER, type AlarmRow } from '../../model/overview-model';
import { listHref } from '../../model/routes';
import { AlarmResource } from './alarm-resource';

/** The states `GET /alarms?state=` takes. */
const STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'] as const;
/** Alarms per page read from the API. */
const PAGE_LIMIT = 100;

interface AlarmPage {
  items: AlarmRow[];
  nextToken?: string;
}

/** The state the URL asks for (`/alarms?state=OK`): ALARM by default, `all` for every state. */
function stateFromUrl(): string {
  const state = new URLSearchParams(window.location.search).get('state');
  return state === 'all' || (STATES as readonly string[]).includes(state ?? '') ? (state as string) : 'ALARM';
}

const severityRank = (alarm: AlarmRow) => {
  const index = (SEVERITY_ORDER as readonly string[]).indexOf(severityOf(alarm));
  return index < 0 ? SEVERITY_ORDER.length : index;
};

/**
 * Every alarm of every watched target (`/alarms`), filtered by state (in the URL, so it deep-links), most severe
 * first, each with its resource's link, account and Region. The first page re-reads when the change feed reports an
 * alarm change; "Load more" follows `nextToken`.
 */
export function AlarmsView() {
  const { api, navigate } = useApp();
  const state = stateFromUrl();
  const query = { limit: PAGE_LIMIT, ...(state === 'all' ? {} : { state }) };
  const first = useLiveQuery<AlarmPage>('/alarms', query, { refreshOn: alarmsChanged });
  const [more, setMore] = useState<{ forToken: string; items: AlarmRow[]; nextToken?: string } | undefined>();
  const [moreError, setMoreError] = useState<ApiCallError | undefined>();
  const [loadingMore, setLoadingMore] = useState(false);

  // Pages read after the first belong to the first page they followed; a re-read of the first page drops them.
  const extra = more && first.data?.nextToken === more.forToken ? more : undefined;
  const rows = [...(first.data?.items ?? []), ...(extra?.items ?? [])].sort(
    (a, b) => severityRank(a) - severityRank(b) || (b.since ?? '').localeCompare(a.since ?? ''),
  );
  const nextToken = extra ? extra.nextToken : first.data?.nextToken;

  const loadMore = async () => {
    if (!nextToken || !first.data?.nextToken) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await api.get<AlarmPage>('/alarms', { ...query, nextToken });
      setMore({
        forToken: first.data.nextToken,
        items: [...(extra?.items ?? []), ...page.items],
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      });
    } catch (error) {
      setMoreError(error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error)));
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <>
      <h1>Alarms</h1>
      <form class="filters" onSubmit={(event) => event.preventDefault()}>
        <label for="alarm-state">State</label>
        <select
          id="alarm-state"
          value={state}
          onChange={(event) => {
            const value = (event.target as HTMLSelectElement).value;
            navigate(listHref('/alarms', { state: value === 'ALARM' ? undefined : value }));
          }}
        >
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
          <option value="all">All states</option>
        </select>
      </form>
      <ErrorPanel error={first.error} title="Could not load the alarms" onRetry={first.reload} />
      {!first.data && first.loading && <p class="muted">Loading alarms…</p>}
      {first.data && rows.length === 0 && <p>No alarm is in {state === 'all' ? 'any state' : `state ${state}`}.</p>}
      {rows.length > 0 && (
        <table class="data-table" aria-label="Alarms">
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col">State</th>
              <th scope="col">Alarm</th>
              <th scope="col">Resource</th>
              <th scope="col">Metric</th>
              <th scope="col">Since</th>
              <th scope="col">Account</th>
              <th scope="col">Region</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((alarm) => (
              <tr key={`${alarm.account ?? ''}/${alarm.region ?? ''}/${alarm.name}`}>
                <td>
                  <StatusBadge status={severityOf(alarm)} label={severityOf(alarm)} />
                </td>
                <td>
                  <StatusBadge status={alarm.state} />
                </td>
                <th scope="row">
                  {alarm.name}
                  {alarm.reason && <p class="alarm-reason">{alarm.reason}</p>}
                </th>
                <td>
                  <AlarmResource alarm={alarm} />
                </td>
                <td>{alarm.metricName ?? '—'}</td>
                <td>
                  <RelativeTime iso={alarm.since} />
                </td>
                <td>{alarm.account ?? '—'}</td>
                <td>{alarm.region ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="muted">
        {formatNumber(rows.length)} shown{nextToken ? ', more to load' : ''}.
      </p>
      <ErrorPanel error={moreError} title="Could not load more alarms" />
      {nextToken && (
        <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
          {loadingMore ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
