import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { StoreChange } from '../../../../lambdas/api/monitoring/change-feed';
import { ApiCallError, type DashboardApi, type Query } from '../api/dashboard-api';
import { useApp } from '../app-context';
import { ErrorPanel } from '../components/error-panel';
import { ResourceTable } from '../components/resource-table';
import { Sparkline, sparklineMetrics } from '../components/sparkline';
import { formatNumber } from '../model/format';
import {
  countAlarms,
  filterRows,
  listQueryOf,
  listStateFrom,
  mergeRows,
  nextSort,
  planRefresh,
  sortRows,
  TARGET_FILTER_PARAMS,
  type AlarmPlacement,
  type ListState,
  type RowUpdate,
} from '../model/list-model';
import { detailHref, listHref } from '../model/routes';
import type { Column, ResourceRow, ResourceViewModule } from './view-module';

/** Rows per list page read from the API. */
const PAGE_LIMIT = 100;
/** Relative ages ("3 min ago") in the rows are redrawn this often. */
const AGE_TICK_MS = 10_000;

interface ListPage<T> {
  items: T[];
  nextToken?: string;
}

export interface ResourceListProps {
  module: ResourceViewModule<ResourceRow>;
  /** The route's query string: `q`, `sort`, the module's filters, `account`, `region`. */
  query: Readonly<Record<string, string>>;
}

type Loaded = {
  rows: ResourceRow[];
  /** Still reading pages of the first listing (the rows read so far are shown). */
  loading: boolean;
  error?: ApiCallError;
};

/**
 * The list view every `ResourceViewModule` gets: filters, a sortable virtualized table, and live refresh.
 *
 * Reading: the list route page by page (`limit=100`, `nextToken`), the first page shown at once and the rest as it
 * arrives; the server-side filters (the module's, `account`, `region`) go to the route, the text filter and the sort
 * are applied in the browser. All of them live in the URL (`?q=&sort=&status=&account=&region=`): the text filter and
 * the sort replace the current history entry as they change, a server-side filter pushes a new one; back, forward and
 * deep links restore them.
 *
 * Read cost: one full listing on open (N/100 requests: one GSI1 Query per target per page) plus one `GET /alarms?
 * state=ALARM` listing for the alarm counts. After that the list reads only what the change feed names: a changed row
 * of this kind, or of a loaded row's children, is re-read alone through the module's detail route (one partition
 * Query each) when at most 20 changed; more than that, a feed that says `reloadAll`, or a module without a detail
 * route re-lists every page (shown from the old rows until the new listing is complete). An alarm change re-reads
 * the alarm listing only. An idle estate therefore costs nothing beyond the page's one change-feed poll; sparklines
 * read their series only for the rows on screen, once a minute each (components/sparkline.tsx).
 */
export function ResourceList({ module, query }: ResourceListProps) {
  const { api, live, navigate } = useApp();
  const filterParams = useMemo(() => (module.filters ?? []).map((f) => f.param), [module]);
  const queryKey = JSON.stringify(query);
  const [state, setState] = useState<ListState>(() => listStateFrom(query, filterParams));
  const serverKey = JSON.stringify(state.server);
  const [loaded, setLoaded] = useState<Loaded>({ rows: [], loading: true });
  const [alarmCounts, setAlarmCounts] = useState<Map<string, number>>(() => new Map());
  const [, setTick] = useState(0);
  const filterInput = useRef<HTMLInputElement>(null);
  const rowsRef = useRef<ResourceRow[]>([]);
  rowsRef.current = loaded.rows;
  /** Every account and Region seen in this list, for the selects (a selected account still offers the others). */
  const seenTargets = useRef({ accounts: new Set<string>(), regions: new Set<string>() });

  // A new URL (back, forward, a link, a pushed filter) is the list's state.
  useEffect(() => setState(listStateFrom(query, filterParams)), [queryKey, filterParams]);

  // The listing: page by page, shown as it arrives; reloaded in the background when the feed asks for everything.
  const [listGeneration, setListGeneration] = useState(0);
  /** The server-side filters of the rows shown: a listing under other filters starts empty and fills page by page. */
  const listedServerKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    const cancelled = { value: false };
    const progressive = listedServerKey.current !== serverKey;
    listedServerKey.current = serverKey;
    if (progressive) setLoaded({ rows: [], loading: true });
    readAllPages<ResourceRow>(api, module.listRoute, state.server, cancelled, (rows, done) => {
      if (progressive || done) setLoaded({ rows, loading: !done });
    }).catch((error: unknown) => {
      if (!cancelled.value) setLoaded((previous) => ({ ...previous, loading: false, error: asApiError(error) }));
    });
    return () => {
      cancelled.value = true;
    };
  }, [api, module, serverKey, listGeneration]);

  // Alarm counts: one listing of the active alarms, again when the feed reports an alarm change.
  const [alarmGeneration, setAlarmGeneration] = useState(0);
  useEffect(() => {
    const cancelled = { value: false };
    const scope = pick(state.server, TARGET_FILTER_PARAMS);
    readAllPages<AlarmPlacement & ResourceRow>(
      api,
      '/alarms',
      { ...scope, state: 'ALARM' },
      cancelled,
      (alarms, done) => {
        if (done) setAlarmCounts(countAlarms(alarms));
      },
    ).catch(() => {
      // Without the alarm listing the counts stay as they were; the rows themselves are unaffected.
    });
    return () => {
      cancelled.value = true;
    };
  }, [api, serverKey, alarmGeneration]);

  // Live: re-read only what the change feed names.
  useEffect(() => {
    const canReadRows = module.detailRoute !== undefined && module.rowFromDetail !== undefined;
    return live.subscribe((changes: readonly StoreChange[], reloadAll: boolean) => {
      const plan = planRefresh(changes, reloadAll, {
        resourceType: module.resourceType,
        loaded: new Set(rowsRef.current.map((row) => row.arn)),
        canReadRows,
      });
      if (plan.alarms) setAlarmGeneration((n) => n + 1);
      if (plan.all) setListGeneration((n) => n + 1);
      else if (plan.arns.length > 0 && canReadRows) {
        void rereadRows(api, module, plan.arns).then((updates) =>
          setLoaded((previous) => ({ ...previous, rows: mergeRows(previous.rows, updates, state.server) })),
        );
      }
    });
  }, [api, live, module, serverKey]);

  // Relative ages tick; only the rows on screen re-render.
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), AGE_TICK_MS);
    return () => clearInterval(timer);
  }, []);

  // `/` focuses the filter, unless the user is typing somewhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || isEditable(event.target)) return;
      event.preventDefault();
      filterInput.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  for (const row of loaded.rows) {
    seenTargets.current.accounts.add(row.account);
    seenTargets.current.regions.add(row.region);
  }

  const columns = useMemo(() => withSparkline(module), [module]);
  const rows = useMemo(
    () => loaded.rows.map((row) => ({ ...row, activeAlarms: alarmCounts.get(row.arn) ?? 0 })),
    [loaded.rows, alarmCounts],
  );
  const shown = useMemo(
    () => sortRows(filterRows(rows, state.text, columns), state.sort, columns),
    [rows, state.text, state.sort, columns],
  );

  const replaceUrl = (next: ListState) => {
    setState(next);
    history.replaceState(history.state, '', listHref(module.path, listQueryOf(next)));
  };
  const pushServerFilter = (param: string, value: string) => {
    const server = { ...state.server };
    if (value) server[param] = value;
    else delete server[param];
    navigate(listHref(module.path, listQueryOf({ ...state, server })));
  };

  const title = module.title;
  const noun = title.toLowerCase();
  const filterLabel = `Filter ${title}`;
  return (
    <section class="resource-list" aria-labelledby="resource-list-heading">
      <h1 id="resource-list-heading" tabIndex={-1}>
        {title}
      </h1>
      <div class="resource-list-controls">
        <label>
          {filterLabel}
          <input
            ref={filterInput}
            type="search"
            aria-label={filterLabel}
            aria-keyshortcuts="/"
            placeholder="Name, ARN, status, account… (press /)"
            value={state.text}
            onInput={(event) => replaceUrl({ ...state, text: (event.currentTarget as HTMLInputElement).value })}
          />
        </label>
        {(module.filters ?? []).map((filter) => (
          <FilterSelect
            key={filter.param}
            label={filter.label}
            value={state.server[filter.param] ?? ''}
            options={filter.options}
            onChange={(value) => pushServerFilter(filter.param, value)}
          />
        ))}
        <FilterSelect
          label="Account"
          value={state.server.account ?? ''}
          options={sortedWith(seenTargets.current.accounts, state.server.account)}
          onChange={(value) => pushServerFilter('account', value)}
        />
        <FilterSelect
          label="Region"
          value={state.server.region ?? ''}
          options={sortedWith(seenTargets.current.regions, state.server.region)}
          onChange={(value) => pushServerFilter('region', value)}
        />
      </div>
      <p class="resource-list-progress" role="status" aria-live="polite">
        {progressText(loaded, shown.length, noun)}
      </p>
      <ErrorPanel
        error={loaded.error}
        title={`Could not load ${noun}`}
        onRetry={() => setListGeneration((n) => n + 1)}
      />
      <ResourceTable
        label={title}
        columns={columns}
        rows={shown}
        {...(state.sort ? { sort: state.sort } : {})}
        onSort={(columnId) => replaceUrl({ ...state, sort: nextSort(state.sort, columnId) })}
        rowHref={(row) => detailHref(module.path, row.arn)}
        onOpen={navigate}
        empty={emptyText(loaded, state, noun)}
      />
    </section>
  );
}

function FilterSelect(props: {
  label: string;
  value: string;
  options: readonly string[];
  onChange(value: string): void;
}) {
  return (
    <label>
      {props.label}
      <select
        value={props.value}
        onChange={(event) => props.onChange((event.currentTarget as HTMLSelectElement).value)}
      >
        <option value="">Any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The module's columns with its sparkline column placed after `afterColumn` (or last). */
function withSparkline(module: ResourceViewModule<ResourceRow>): readonly Column<ResourceRow>[] {
  const spark = module.sparkline;
  if (!spark) return module.columns;
  const names = sparklineMetrics(spark);
  const column: Column<ResourceRow> = {
    id: 'sparkline',
    header: spark.header,
    // The series is read only for the rows on screen, so it cannot sort or filter the whole list.
    value: () => undefined,
    sortable: false,
    render: (row) => (
      <Sparkline
        route={spark.metricsRoute(row.arn)}
        metric={spark.metric}
        names={names}
        label={spark.header}
        {...(spark.unit ? { unit: spark.unit } : {})}
      />
    ),
  };
  const columns = [...module.columns];
  const after = spark.afterColumn ? columns.findIndex((c) => c.id === spark.afterColumn) : -1;
  columns.splice(after >= 0 ? after + 1 : columns.length, 0, column);
  return columns;
}

/** Every page of a list route; `onPage` gets the rows read so far after each page, and `done` with the last. */
async function readAllPages<Row>(
  api: DashboardApi,
  route: string,
  query: Query,
  cancelled: { value: boolean },
  onPage: (rows: Row[], done: boolean) => void,
): Promise<void> {
  const rows: Row[] = [];
  let nextToken: string | undefined;
  do {
    const page: ListPage<Row> = await api.get<ListPage<Row>>(route, { ...query, limit: PAGE_LIMIT, nextToken });
    if (cancelled.value) return;
    rows.push(...page.items);
    nextToken = page.nextToken;
    onPage([...rows], nextToken === undefined);
  } while (nextToken !== undefined);
}

/** Each ARN's row re-read through the module's detail route; a 404 (deleted, tombstoned) removes the row. */
async function rereadRows(
  api: DashboardApi,
  module: ResourceViewModule<ResourceRow>,
  arns: readonly string[],
): Promise<RowUpdate<ResourceRow>[]> {
  const { detailRoute, rowFromDetail } = module;
  if (!detailRoute || !rowFromDetail) return [];
  const updates = await Promise.all(
    arns.map(async (arn): Promise<RowUpdate<ResourceRow> | undefined> => {
      try {
        return { arn, row: rowFromDetail(await api.get<unknown>(detailRoute(arn))) };
      } catch (error) {
        if (error instanceof ApiCallError && error.status === 404) return { arn, removed: true };
        // Any other failure keeps the row as it was; the next change or reload reads it again.
        return undefined;
      }
    }),
  );
  return updates.filter((update): update is RowUpdate<ResourceRow> => update !== undefined);
}

function progressText(loaded: Loaded, shown: number, noun: string): string {
  const total = formatNumber(loaded.rows.length);
  if (loaded.loading) return loaded.rows.length === 0 ? `Loading ${noun}…` : `${total} loaded, loading…`;
  if (shown === loaded.rows.length) return `${total} ${noun}`;
  return `${formatNumber(shown)} of ${total} ${noun} match`;
}

function emptyText(loaded: Loaded, state: ListState, noun: string): string {
  if (loaded.loading) return `Loading ${noun}…`;
  if (loaded.error) return `No ${noun} to show.`;
  const filters = [
    state.text ? `“${state.text}”` : undefined,
    ...Object.entries(state.server).map(([param, value]) => `${param} ${value}`),
  ].filter(Boolean);
  return filters.length ? `No ${noun} match ${filters.join(', ')}.` : `No ${noun} in the watched accounts.`;
}

function sortedWith(values: ReadonlySet<string>, selected: string | undefined): string[] {
  const all = new Set(values);
  if (selected) all.add(selected);
  return [...all].sort();
}

function pick(record: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => keys.includes(key)));
}

function asApiError(error: unknown): ApiCallError {
  return error instanceof ApiCallError ? error : new ApiCallError(0, 'ClientError', String(error));
}

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}
