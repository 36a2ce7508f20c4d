import { useLiveQuery } from '../../app-context';
import { ErrorPanel } from '../../components/error-panel';
import { RelativeTime, useNow } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { alarmsChanged, anyOf, eventsChanged, ofKind } from '../../model/change-match';
import { formatDuration, formatNumber, formatTime } from '../../model/format';
import {
  alarmsBySeverity,
  countRows,
  credentialText,
  pollerIsStale,
  type AlarmRow,
  type RecentEvent,
  type SummaryView,
  type TargetRow,
} from '../../model/overview-model';
import { nameOfArn, resourceHref, serviceLabel } from '../../model/resource-links';
import { listHref } from '../../model/routes';
import { AlarmResource } from '../alarms/alarm-resource';
import { VIEW_MODULES } from '../registry';

/** The newest events the overview lists. */
const RECENT_EVENTS = 10;
/** Active alarms read for the overview (one page); the Alarms view lists them all. */
const ALARMS_PAGE = 100;

/**
 * The estate overview (`/`): counts by service and status, active alarms by severity, each poller's last run and
 * staleness, the newest events, and the watched targets. Each part re-reads only when the change feed reports a
 * change of its kind: the summary on resource and poller changes, the alarms on alarm changes, the events on new
 * events. Relative ages tick every second in the browser without reading anything.
 */
export function Overview() {
  const summary = useLiveQuery<SummaryView>('/summary', undefined, {
    refreshOn: anyOf(ofKind('resource'), ofKind('poller')),
  });
  return (
    <>
      <h1>Overview</h1>
      <ErrorPanel error={summary.error} title="Could not load the summary" onRetry={summary.reload} />
      <div class="overview-grid">
        <ResourceCounts summary={summary.data} loading={summary.loading} />
        <ActiveAlarms />
        <Pollers summary={summary.data} loading={summary.loading} />
        <RecentEvents />
      </div>
      {summary.data?.targets && summary.data.targets.length > 0 && <Targets targets={summary.data.targets} />}
    </>
  );
}

function Loading({ what }: { what: string }) {
  return <p class="muted">Loading {what}…</p>;
}

function ResourceCounts({ summary, loading }: { summary: SummaryView | undefined; loading: boolean }) {
  const rows = summary
    ? countRows(
        summary.resources,
        VIEW_MODULES.map((m) => m.resourceType),
      )
    : [];
  return (
    <section aria-label="Resource counts" class="panel">
      <h2>Resources</h2>
      {!summary && loading && <Loading what="counts" />}
      {summary && rows.length === 0 && <p>No resources are watched yet.</p>}
      {rows.length > 0 && (
        <table class="data-table counts-table">
          <caption class="visually-hidden">Resources by service, kind and status</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Kind</th>
              <th scope="col" class="numeric">
                Total
              </th>
              <th scope="col">By status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const module = VIEW_MODULES.find((m) => m.resourceType === row.type);
              const statusFilter = module?.filters?.find((f) => f.param === 'status');
              return (
                <tr key={row.type}>
                  <td>{serviceLabel(row.service)}</td>
                  <td>{module ? <a href={module.path}>{module.title}</a> : row.type}</td>
                  <td class="numeric">{formatNumber(row.total)}</td>
                  <td>
                    <ul class="status-counts">
                      {row.statuses.map(({ status, count }) => (
                        <li key={status}>
                          {module && statusFilter?.options.includes(status) ? (
                            <a href={listHref(module.path, { status })}>
                              <StatusBadge status={status} /> <span class="count">{formatNumber(count)}</span>
                            </a>
                          ) : (
                            <>
                              <StatusBadge status={status} /> <span class="count">{formatNumber(count)}</span>
                            </>
                          )}
                        </li>
                      ))}
                      {row.deleted > 0 && (
                        <li>
                          <StatusBadge status="DELETED" label="deleted" />{' '}
                          <span class="count">{formatNumber(row.deleted)}</span>
                        </li>
                      )}
                    </ul>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ActiveAlarms() {
  const alarms = useLiveQuery<{ items: AlarmRow[]; nextToken?: string }>(
    '/alarms',
    { state: 'ALARM', limit: ALARMS_PAGE },
    { refreshOn: alarmsChanged },
  );
  const groups = alarms.data ? alarmsBySeverity(alarms.data.items) : [];
  return (
    <section aria-label="Active alarms" class="panel">
      <h2>
        Active alarms{' '}
        {alarms.data && (
          <StatusBadge
            status={alarms.data.items.length > 0 ? 'ALARM' : 'OK'}
            label={formatNumber(alarms.data.items.length) + (alarms.data.nextToken ? '+' : '')}
          />
        )}
      </h2>
      <ErrorPanel error={alarms.error} title="Could not load the alarms" onRetry={alarms.reload} />
      {!alarms.data && alarms.loading && <Loading what="alarms" />}
      {alarms.data && groups.length === 0 && <p>No alarm is in state ALARM.</p>}
      {groups.map((group) => (
        <div key={group.severity} class="severity-group">
          <h3>
            <StatusBadge status={group.severity} label={group.severity} /> {formatNumber(group.alarms.length)}
          </h3>
          <ul class="alarm-list">
            {group.alarms.map((alarm) => (
              <li key={`${alarm.account ?? ''}/${alarm.region ?? ''}/${alarm.name}`}>
                <span class="alarm-name">{alarm.name}</span> on <AlarmResource alarm={alarm} />{' '}
                <span class="muted">
                  since <RelativeTime iso={alarm.since} />
                  {alarm.account && ` · ${alarm.account} ${alarm.region ?? ''}`}
                </span>
                {alarm.reason && <p class="alarm-reason">{alarm.reason}</p>}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {alarms.data?.nextToken && (
        <p>
          <a href="/alarms?state=ALARM">All active alarms</a>
        </p>
      )}
    </section>
  );
}

function Pollers({ summary, loading }: { summary: SummaryView | undefined; loading: boolean }) {
  const now = useNow();
  return (
    <section aria-label="Pollers" class="panel">
      <h2>Pollers</h2>
      {!summary && loading && <Loading what="pollers" />}
      {summary && summary.pollers.length === 0 && <p>No poller has run yet.</p>}
      {summary && summary.pollers.length > 0 && (
        <table class="data-table">
          <caption class="visually-hidden">Each poller's last run and staleness</caption>
          <thead>
            <tr>
              <th scope="col">Poller</th>
              <th scope="col">State</th>
              <th scope="col">Last run</th>
              <th scope="col" class="numeric">
                Took
              </th>
              <th scope="col" class="numeric">
                Errors
              </th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {summary.pollers.map((poller) => {
              const stale = pollerIsStale(poller, now);
              return (
                <tr key={poller.key} data-stale={stale ? 'true' : 'false'} class={stale ? 'row-stale' : undefined}>
                  <th scope="row">{poller.poller}</th>
                  <td>
                    <StatusBadge
                      status={stale ? 'stale' : poller.errors > 0 || poller.failedResources > 0 ? 'errors' : 'ok'}
                    />
                  </td>
                  <td>
                    <RelativeTime iso={poller.lastRunAt} />
                    {stale && (
                      <span class="visually-hidden">
                        {' '}
                        (stale after {formatDuration(poller.staleAfterSeconds * 1000)})
                      </span>
                    )}
                  </td>
                  <td class="numeric">{formatDuration(poller.durationMs)}</td>
                  <td class="numeric">
                    {formatNumber(poller.errors)}
                    {poller.failedResources > 0 && ` (${formatNumber(poller.failedResources)} failed)`}
                  </td>
                  <td>
                    {poller.account || summary.account} {poller.region || summary.region}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function RecentEvents() {
  const events = useLiveQuery<{ items: RecentEvent[] }>(
    '/events/recent',
    { limit: RECENT_EVENTS },
    { refreshOn: eventsChanged },
  );
  return (
    <section aria-label="Recent events" class="panel">
      <h2>Recent events</h2>
      <ErrorPanel error={events.error} title="Could not load the events" onRetry={events.reload} />
      {!events.data && events.loading && <Loading what="events" />}
      {events.data && events.data.items.length === 0 && <p>No events yet.</p>}
      {events.data && events.data.items.length > 0 && (
        <ol class="event-list">
          {events.data.items.slice(0, RECENT_EVENTS).map((event) => {
            const href = resourceHref(VIEW_MODULES, event.resourceArn);
            const name = nameOfArn(event.resourceArn);
            return (
              <li key={`${event.resourceArn}/${event.time ?? ''}/${event.id ?? ''}`}>
                <time dateTime={event.time}>{formatTime(event.time)}</time>{' '}
                <span class="event-kind">{event.kind ?? 'event'}</span>{' '}
                {href ? <a href={href}>{name}</a> : <span title={event.resourceArn}>{name}</span>}
                {event.summary && <span class="event-summary">: {event.summary}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Targets({ targets }: { targets: TargetRow[] }) {
  return (
    <section aria-label="Watched targets" class="panel">
      <h2>Watched targets</h2>
      <table class="data-table">
        <caption class="visually-hidden">Each watched account and Region, its credentials and pollers</caption>
        <thead>
          <tr>
            <th scope="col">Account</th>
            <th scope="col">Region</th>
            <th scope="col">Read credentials</th>
            <th scope="col">Operator credentials</th>
            <th scope="col">Pollers</th>
            <th scope="col" class="numeric">
              Active alarms
            </th>
          </tr>
        </thead>
        <tbody>
          {targets.map((target) => (
            <tr key={`${target.account}#${target.region}`} class={target.credentialsFailing ? 'row-bad' : undefined}>
              <th scope="row">{target.account}</th>
              <td>{target.region}</td>
              <td>
                {credentialText(target.credentials)}
                {target.credentialsFailing && (
                  <>
                    {' '}
                    <StatusBadge status="credentials-failed" />
                  </>
                )}
              </td>
              <td>{credentialText(target.operator)}</td>
              <td>
                <ul class="target-pollers">
                  {Object.entries(target.pollers).map(([name, poller]) => (
                    <li key={name}>
                      {name} <StatusBadge status={poller.stale ? 'stale' : poller.outcome} />{' '}
                      <RelativeTime iso={poller.at} />
                      {poller.errors.length > 0 && <span class="muted"> · {poller.errors.join('; ')}</span>}
                    </li>
                  ))}
                </ul>
              </td>
              <td class="numeric">{formatNumber(target.activeAlarms)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
