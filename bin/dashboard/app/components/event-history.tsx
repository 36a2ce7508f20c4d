import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiCallError } from '../api/dashboard-api';
import { useApp, useLiveQuery } from '../app-context';
import { formatTime } from '../model/format';
import { ErrorPanel } from './error-panel';
import { FieldList } from './field-list';
import { StatusBadge } from './status-badge';

/** One entry of `GET /events?resourceArn=` (status changes, health, alerts, alarms, and `audit` records). */
export interface HistoryEvent {
  /** ISO time, from the sort key. */
  time?: string;
  id?: string;
  kind?: string;
  summary?: string;
  /** Audit records: `flow.stop`, `entitlement.grant`, … */
  action?: string;
  outcome?: string;
  actor?: string;
  role?: string;
  requestId?: string;
  error?: string;
  detail?: Record<string, unknown>;
  [field: string]: unknown;
}

interface EventsPage {
  items: HistoryEvent[];
  nextToken?: string;
}

/** A resource's event history, newest first, with older pages on demand: what `EventHistory` and `AuditTrail` show. */
export interface EventHistoryState {
  events: readonly HistoryEvent[];
  loading: boolean;
  error?: ApiCallError;
  /** The API said there may be older events. */
  hasOlder: boolean;
  loadingOlder: boolean;
  loadOlder(): void;
  reload(): void;
}

export const EVENTS_PAGE_SIZE = 25;

const eventKey = (event: HistoryEvent): string => `${event.time ?? ''}#${event.id ?? ''}`;

/**
 * Reads a resource's events: the newest page again whenever the change feed reports a change of the resource (events
 * are in the feed), older pages when asked ("Show older"). One read serves both the events and the audit trail.
 */
export function useEventHistory(resourceArn: string): EventHistoryState {
  const { api } = useApp();
  const newest = useLiveQuery<EventsPage>(
    '/events',
    { resourceArn, limit: EVENTS_PAGE_SIZE },
    { refreshOn: (change) => change.arn === resourceArn },
  );
  const [older, setOlder] = useState<{
    items: HistoryEvent[];
    nextToken?: string;
    loading: boolean;
    error?: ApiCallError;
  }>({ items: [], loading: false });
  useEffect(() => setOlder({ items: [], loading: false }), [resourceArn]);

  const nextToken = older.items.length ? older.nextToken : newest.data?.nextToken;
  const loadOlder = useCallback(() => {
    if (!nextToken || older.loading) return;
    setOlder((state) => ({ ...state, loading: true }));
    api.get<EventsPage>('/events', { resourceArn, limit: EVENTS_PAGE_SIZE, nextToken }).then(
      (page) =>
        setOlder((state) => ({
          items: [...state.items, ...page.items],
          ...(page.nextToken ? { nextToken: page.nextToken } : {}),
          loading: false,
        })),
      (error: unknown) =>
        setOlder((state) => ({
          ...state,
          loading: false,
          error: error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error)),
        })),
    );
  }, [api, resourceArn, nextToken, older.loading]);

  const events = useMemo(() => {
    const seen = new Set<string>();
    return [...(newest.data?.items ?? []), ...older.items].filter((event) => {
      const key = eventKey(event);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }, [newest.data, older.items]);

  const error = older.error ?? newest.error;
  return {
    events,
    loading: newest.loading && !newest.data,
    ...(error ? { error } : {}),
    hasOlder: Boolean(nextToken),
    loadingOlder: older.loading,
    loadOlder,
    reload: newest.reload,
  };
}

export const isAuditEvent = (event: HistoryEvent): boolean => event.kind === 'audit';

export interface EventHistoryProps {
  history: EventHistoryState;
}

/** The events of a resource other than audit records: time, kind and summary, newest first, "Show older" below. */
export function EventHistory({ history }: EventHistoryProps) {
  const events = history.events.filter((event) => !isAuditEvent(event));
  return (
    <HistoryFrame history={history} empty="No events in the stored history." count={events.length}>
      <ol class="event-list">
        {events.map((event) => (
          <li key={eventKey(event)} class="event" data-kind={event.kind}>
            <time dateTime={event.time}>{formatTime(event.time)}</time>{' '}
            <span class="event-kind">{event.kind ?? 'event'}</span> <span class="event-summary">{event.summary}</span>
          </li>
        ))}
      </ol>
    </HistoryFrame>
  );
}

/** The "Events" and "Audit trail" sections every resource page ends with, from one read of the history. */
export function HistorySections({ history }: EventHistoryProps) {
  return (
    <>
      <section aria-label="Events" class="resource-section">
        <h2>Events</h2>
        <EventHistory history={history} />
      </section>

      <section aria-label="Audit trail" class="resource-section">
        <h2>Audit trail</h2>
        <AuditTrail history={history} />
      </section>
    </>
  );
}

/** The operator actions on a resource (audit records): when, what, outcome, who, and what was asked for. */
export function AuditTrail({ history }: EventHistoryProps) {
  const records = history.events.filter(isAuditEvent);
  return (
    <HistoryFrame history={history} empty="No operator actions in the stored history." count={records.length}>
      <ol class="audit-list">
        {records.map((record) => (
          <li key={eventKey(record)} class="audit-record" data-action={record.action}>
            <time dateTime={record.time}>{formatTime(record.time)}</time>{' '}
            <strong class="audit-action">{record.action ?? 'action'}</strong>{' '}
            <StatusBadge
              status={record.outcome}
              tone={record.outcome === 'succeeded' ? 'ok' : record.outcome === 'failed' ? 'bad' : 'unknown'}
            />{' '}
            <span class="audit-actor">
              by {record.actor ?? 'unknown'}
              {record.role ? ` (${record.role})` : ''}
            </span>
            {record.error && <span class="audit-error"> — {record.error}</span>}
            {record.detail && Object.keys(record.detail).length > 0 && (
              <FieldList record={record.detail} label={`What ${record.action ?? 'the action'} asked for`} />
            )}
            {record.requestId && <p class="audit-request">Request {record.requestId}</p>}
          </li>
        ))}
      </ol>
    </HistoryFrame>
  );
}

function HistoryFrame({
  history,
  empty,
  count,
  children,
}: {
  history: EventHistoryState;
  empty: string;
  count: number;
  children: ComponentChildren;
}) {
  if (history.loading) return <p class="loading">Loading history…</p>;
  return (
    <>
      {history.error && <ErrorPanel error={history.error} onRetry={history.reload} />}
      {count === 0 ? <p class="empty">{empty}</p> : children}
      {history.hasOlder && (
        <button type="button" onClick={history.loadOlder} disabled={history.loadingOlder}>
          {history.loadingOlder ? 'Loading older…' : 'Show older'}
        </button>
      )}
    </>
  );
}
