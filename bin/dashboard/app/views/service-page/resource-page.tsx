import type { ComponentChildren } from 'preact';
import type { ApiCallError, Query } from '../../api/dashboard-api';
import { useApp, useLiveQuery } from '../../app-context';
import { AlarmList, type AlarmRow } from '../../components/alarm-list';
import { ConfirmAction } from '../../components/confirm-dialog';
import { ErrorPanel } from '../../components/error-panel';
import { HistorySections, useEventHistory } from '../../components/event-history';
import { FieldList } from '../../components/field-list';
import { StatusBadge } from '../../components/status-badge';
import { chainNodeLabel } from '../../model/chain-layout';
import { fieldRows } from '../../model/field-rows';
import { formatTime, MISSING } from '../../model/format';
import { chainHref } from '../../model/routes';
import { useListedResource } from './listed-resource';
import './service-page.css';

/** What every MediaLive and MediaPackage detail route answers with, beside the kind's own fields. */
export interface ResourceDetail {
  arn: string;
  name?: string;
  status?: string;
  account?: string;
  region?: string;
  deleted?: boolean;
  lastPolledAt?: string;
  observedAt?: string;
  alarms?: AlarmRow[];
  links?: { console?: string; [name: string]: string | undefined };
  [field: string]: unknown;
}

/** Fields the frame shows itself (heading, facts, alarms); the "Details" list leaves them out. */
const FRAME_FIELDS = [
  'arn',
  'name',
  'status',
  'account',
  'region',
  'deleted',
  'lastPolledAt',
  'observedAt',
  'alarms',
  'links',
  'type',
  'tombstone',
  'deletedAt',
];

export interface ServiceResourcePageProps<T extends ResourceDetail> {
  arn: string;
  /** The list the page belongs to (`/channels`, `Channels`), for the breadcrumb. */
  listPath: string;
  listTitle: string;
  /** `Channel`, `Origin endpoint`: for the loading and error headings and the actions' dialogs. */
  noun: string;
  /** Top-level fields the kind's own sections show; the "Details" list shows every other field. */
  sectionFields?: readonly string[];
  /** More facts under the heading (`Class`, `Pipelines running`). */
  facts?: (detail: T) => readonly (readonly [label: string, value: ComponentChildren])[];
  /** The kind's own operator actions (besides "Re-poll"), for a live resource and the operator role only. */
  actions?: (detail: T, reload: () => void) => ComponentChildren;
  /** The kind's own sections (pipelines, input attachments, packaging, metrics), between the heading and "Details". */
  sections?: (detail: T) => ComponentChildren;
}

/**
 * The frame of a MediaLive or MediaPackage resource page: the heading (name, status as a word and colour, account,
 * Region, last polled, ARN), the links (signal chain, AWS console), the operator's actions (the kind's and "Re-poll",
 * each confirmed; none for the read-only role), the kind's sections, then "Details" (every other field the detail
 * route returns, secrets never), "Alarms", "Events" and "Audit trail". The detail and the events re-read when the
 * change feed reports a change of the resource.
 */
export function ServiceResourcePage<T extends ResourceDetail>(
  props: ServiceResourcePageProps<T> & {
    /** The detail route, without the `/api` base: `/channels/<encoded arn>`. */
    apiPath: string;
  },
) {
  const detail = useLiveQuery<T>(props.apiPath, undefined, { refreshOn: (change) => change.arn === props.arn });
  return <ResourcePageView {...props} detail={detail} />;
}

/** The same page for a kind the API lists but has no detail route for: its row, found in the list route. */
export function ListedResourcePage<T extends ResourceDetail>(
  props: ServiceResourcePageProps<T> & {
    /** The list route and the narrowest filters known from the ARN (`account`, `region`, `namePrefix`). */
    listRoute: string;
    query: Query;
  },
) {
  const detail = useListedResource<T>(props.listRoute, props.arn, props.query);
  return (
    <ResourcePageView
      {...props}
      detail={detail}
      detailsNote={`The API lists ${props.listTitle.toLowerCase()} but has no route for one: this page shows what its list row carries (name, state, tags, times).`}
    />
  );
}

function ResourcePageView<T extends ResourceDetail>(
  props: ServiceResourcePageProps<T> & {
    detail: { data?: T; error?: ApiCallError; reload(): void };
    /** A sentence above the details (what they are read from). */
    detailsNote?: string;
  },
) {
  const { arn, listPath, listTitle, noun, detail } = props;
  const { role, api } = useApp();
  const history = useEventHistory(arn);

  if (!detail.data) {
    return (
      <>
        <p class="breadcrumb">
          <a href={listPath}>{listTitle}</a> /
        </p>
        <h1 tabIndex={-1}>{detail.error ? `${noun} not available` : `Loading ${noun.toLowerCase()}…`}</h1>
        {detail.error && (
          <ErrorPanel
            error={detail.error}
            title={
              detail.error.status === 404
                ? `This ${noun.toLowerCase()} is not known (deleted, or not polled yet)`
                : `Could not load the ${noun.toLowerCase()}`
            }
            onRetry={detail.reload}
          />
        )}
      </>
    );
  }

  const resource = detail.data;
  const name = resource.name ?? chainNodeLabel({ arn: resource.arn });
  const operator = role === 'operator' && !resource.deleted;
  const detailsOmit = [...FRAME_FIELDS, ...(props.sectionFields ?? [])];
  const activeAlarms = (resource.alarms ?? []).filter((alarm) => alarm.state === 'ALARM').length;
  const facts: (readonly [string, ComponentChildren])[] = [
    ['Account', resource.account ?? MISSING],
    ['Region', resource.region ?? MISSING],
    ...(props.facts?.(resource) ?? []),
    ['Last polled', formatTime(resource.lastPolledAt ?? resource.observedAt)],
  ];

  return (
    <article class="resource-page" data-arn={resource.arn}>
      <header class="resource-header">
        <p class="breadcrumb">
          <a href={listPath}>{listTitle}</a> /
        </p>
        <h1 tabIndex={-1}>{name}</h1>
        <p class="resource-status">
          {resource.status !== undefined && <StatusBadge status={resource.status} />}
          {resource.deleted && <StatusBadge status="DELETED" label="deleted" tone="bad" />}
          {activeAlarms > 0 ? (
            <StatusBadge status="ALARM" label={`${activeAlarms} in alarm`} />
          ) : (
            resource.status === undefined && <StatusBadge status="OK" label="no alarm" />
          )}
          {detail.error && <span class="stale-note"> (showing the last answer: {detail.error.message})</span>}
        </p>
        <dl class="field-list resource-facts">
          {facts.map(([label, value]) => (
            <div class="field" key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
          <div class="field">
            <dt>ARN</dt>
            <dd class="arn">{resource.arn}</dd>
          </div>
        </dl>
        <p class="resource-links">
          <a href={chainHref(resource.arn)}>Signal chain</a>
          {resource.links?.console && (
            <>
              {' · '}
              <a href={resource.links.console} target="_blank" rel="noopener noreferrer">
                Open in the AWS console
              </a>
            </>
          )}
        </p>
        {operator && (
          <div class="actions" role="group" aria-label={`${noun} actions`}>
            {props.actions?.(resource, detail.reload)}
            <ConfirmAction
              label="Re-poll"
              title={`Re-poll ${name} now?`}
              description={`The ${noun.toLowerCase()} and its metrics are read from AWS now, instead of at the next poll cycle.`}
              onConfirm={async () => {
                const answer = await api.send<{ coalesced: boolean }>('POST', '/polls', { resourceArn: resource.arn });
                return answer.coalesced
                  ? `A re-poll of this ${noun.toLowerCase()} is already under way; it covers this one`
                  : 'Re-polled';
              }}
              onDone={detail.reload}
            />
          </div>
        )}
      </header>

      {props.sections?.(resource)}

      <section aria-label="Details" class="resource-section">
        <h2>Details</h2>
        {props.detailsNote && <p class="note">{props.detailsNote}</p>}
        {fieldRows(resource, detailsOmit).length === 0 ? (
          <p class="empty">No other fields.</p>
        ) : (
          <FieldList record={resource} omit={detailsOmit} label={`${noun} fields`} />
        )}
      </section>

      <section aria-label="Alarms" class="resource-section">
        <h2>Alarms</h2>
        <AlarmList alarms={resource.alarms ?? []} />
      </section>

      <HistorySections history={history} />
    </article>
  );
}

/** A section of a resource page listing child records (pipelines, attachments, endpoints), one card each. */
export function ChildSection<C extends Record<string, unknown>>(props: {
  label: string;
  items: readonly C[];
  empty: string;
  /** The card's heading. */
  title: (item: C, index: number) => ComponentChildren;
  /** The card's accessible name, unique in the section. */
  name: (item: C, index: number) => string;
  /** Fields the heading shows. */
  omit?: readonly string[];
  /** More content in the card (metrics, links). */
  extra?: (item: C) => ComponentChildren;
}) {
  return (
    <section aria-label={props.label} class="resource-section">
      <h2>
        {props.label} ({props.items.length})
      </h2>
      {props.items.length === 0 && <p class="empty">{props.empty}</p>}
      {props.items.map((item, index) => (
        <article key={props.name(item, index)} class="resource-child" aria-label={props.name(item, index)}>
          <h3>{props.title(item, index)}</h3>
          <FieldList record={item} omit={props.omit ?? []} label={`${props.name(item, index)} fields`} />
          {props.extra?.(item)}
        </article>
      ))}
    </section>
  );
}

/** A MediaPackage channel's ingest endpoints (v1 and v2 alike), one card each, named by their id. */
export function IngestEndpointsSection({ endpoints }: { endpoints: readonly Record<string, unknown>[] }) {
  const name = (endpoint: Record<string, unknown>, index: number) =>
    `Ingest endpoint ${String(endpoint.id ?? index + 1)}`;
  return (
    <ChildSection
      label="Ingest endpoints"
      items={endpoints}
      empty="No ingest endpoints."
      name={name}
      title={name}
      omit={['id']}
    />
  );
}
