/**
 * The resource list's logic, pure (no DOM, no Preact): the text filter, sorting by any column, the server-side filters
 * of the URL, merging re-read rows into the loaded set, what to re-read when the change feed reports changes, and the
 * window of rows a virtualized table renders. views/resource-list.tsx and components/resource-table.tsx use it.
 */

/** What the list logic needs of a row: the fields every list route's item carries. */
export interface ListRow {
  arn: string;
  name?: string;
  status?: string;
  account: string;
  region: string;
  tombstone?: boolean;
  [field: string]: unknown;
}

/** What the list logic needs of a column (a `Column` of views/view-module.ts is one). */
export interface ListColumn<Row extends ListRow = ListRow> {
  id: string;
  value: (row: Row) => string | number | undefined;
  /** Sorted as a number. */
  numeric?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Text filter

/**
 * The rows whose text holds every word of `text`, case-insensitively. A row's text is its name, ARN, status, account
 * and Region and every column's value. An empty filter keeps every row (the same array).
 */
export function filterRows<Row extends ListRow>(
  rows: readonly Row[],
  text: string,
  columns: readonly ListColumn<Row>[],
): readonly Row[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const haystack = rowText(row, columns);
    return words.every((word) => haystack.includes(word));
  });
}

/** The lower-case text the filter searches in a row. */
export function rowText<Row extends ListRow>(row: Row, columns: readonly ListColumn<Row>[]): string {
  const parts: unknown[] = [row.name, row.arn, row.status, row.account, row.region];
  for (const column of columns) parts.push(column.value(row));
  return parts
    .filter((part) => part !== undefined && part !== null && part !== '')
    .join('\n')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Sorting

/** A sort by one column; in the URL `?sort=name` (ascending) or `?sort=-name` (descending). */
export interface SortSpec {
  columnId: string;
  descending: boolean;
}

/** The sort of a URL's `sort` parameter, or undefined when absent or empty. */
export function parseSort(param: string | undefined): SortSpec | undefined {
  if (!param) return undefined;
  const descending = param.startsWith('-');
  const columnId = descending ? param.slice(1) : param;
  return columnId ? { columnId, descending } : undefined;
}

/** The URL's `sort` parameter of a sort. */
export function formatSort(spec: SortSpec): string {
  return `${spec.descending ? '-' : ''}${spec.columnId}`;
}

/** The sort after a click on a column's header: ascending first, then it flips. */
export function nextSort(current: SortSpec | undefined, columnId: string): SortSpec {
  if (current?.columnId === columnId) return { columnId, descending: !current.descending };
  return { columnId, descending: false };
}

/** A header's `aria-sort`. */
export function ariaSort(current: SortSpec | undefined, columnId: string): 'ascending' | 'descending' | 'none' {
  if (current?.columnId !== columnId) return 'none';
  return current.descending ? 'descending' : 'ascending';
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * The rows sorted by a column: stable (equal values keep their order), numbers numerically (a numeric column's text
 * values are read as numbers), text in natural order (`flow-2` before `flow-10`), missing values last in both
 * directions. An unknown column or no sort keeps the order (the same array).
 */
export function sortRows<Row extends ListRow>(
  rows: readonly Row[],
  spec: SortSpec | undefined,
  columns: readonly ListColumn<Row>[],
): readonly Row[] {
  const column = spec && columns.find((c) => c.id === spec.columnId);
  if (!spec || !column) return rows;
  const direction = spec.descending ? -1 : 1;
  const keyed = rows.map((row, index) => ({ row, index, key: sortKey(column.value(row), column.numeric === true) }));
  keyed.sort((a, b) => {
    if (a.key === undefined || b.key === undefined) {
      if (a.key === b.key) return a.index - b.index;
      return a.key === undefined ? 1 : -1;
    }
    const order =
      typeof a.key === 'number' && typeof b.key === 'number'
        ? a.key - b.key
        : collator.compare(String(a.key), String(b.key));
    return order === 0 ? a.index - b.index : order * direction;
  });
  return keyed.map((entry) => entry.row);
}

function sortKey(value: string | number | undefined, numeric: boolean): string | number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (!numeric) return value;
  const parsed = Number(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

// ---------------------------------------------------------------------------------------------------------------
// The URL's list state

/** A list's state as its URL holds it: `?q=` text filter, `?sort=`, and the server-side filters. */
export interface ListState {
  text: string;
  sort?: SortSpec;
  /** The list route's query: the module's filters plus `account` and `region`, only those set. */
  server: Readonly<Record<string, string>>;
}

/** The URL parameters of the server-side filters every list has besides its module's own. */
export const TARGET_FILTER_PARAMS = ['account', 'region'] as const;

/** The list state of a route's query; parameters that are not `q`, `sort` or a known filter are ignored. */
export function listStateFrom(query: Readonly<Record<string, string>>, filterParams: readonly string[]): ListState {
  const server: Record<string, string> = {};
  for (const param of [...filterParams, ...TARGET_FILTER_PARAMS])
    if (query[param] !== undefined && query[param] !== '') server[param] = query[param];
  const sort = parseSort(query.sort);
  return { text: query.q ?? '', ...(sort ? { sort } : {}), server };
}

/** The URL query of a list state (for `listHref`); empty values are left out. */
export function listQueryOf(state: ListState): Record<string, string | undefined> {
  return {
    ...state.server,
    q: state.text || undefined,
    sort: state.sort ? formatSort(state.sort) : undefined,
  };
}

/**
 * Whether a row belongs in a list with these server-side filters: each filter is a field the row carries (`status`,
 * `account`, `region`, …) and must equal. A re-read row that no longer does (a flow stopped under `?status=ACTIVE`)
 * leaves the list, as a fresh listing would leave it out.
 */
export function matchesServerFilters(row: ListRow, server: Readonly<Record<string, string>>): boolean {
  return Object.entries(server).every(([param, value]) => row[param] === undefined || String(row[param]) === value);
}

// ---------------------------------------------------------------------------------------------------------------
// Live refresh

/** The outcome of re-reading a row: its new content, or `removed` (404, or a tombstone). */
export type RowUpdate<Row extends ListRow> = { arn: string; row: Row } | { arn: string; removed: true };

/**
 * The loaded rows with re-read rows merged in by ARN: a changed row replaces the old one in place, a new row is
 * appended, and a removed or tombstoned row, or one the server-side filters no longer select, leaves the list.
 */
export function mergeRows<Row extends ListRow>(
  loaded: readonly Row[],
  updates: readonly RowUpdate<Row>[],
  server: Readonly<Record<string, string>> = {},
): Row[] {
  const byArn = new Map<string, Row | undefined>();
  for (const update of updates) {
    const keep = 'row' in update && update.row.tombstone !== true && matchesServerFilters(update.row, server);
    byArn.set(update.arn, keep && 'row' in update ? update.row : undefined);
  }
  const merged: Row[] = [];
  for (const row of loaded) {
    if (!byArn.has(row.arn)) merged.push(row);
    else {
      const update = byArn.get(row.arn);
      if (update) merged.push(update);
      byArn.delete(row.arn);
    }
  }
  for (const row of byArn.values()) if (row) merged.push(row);
  return merged;
}

/** A change as the list reads it (a `StoreChange` of lambdas/api/monitoring/change-feed.ts is one). */
export interface ListChange {
  kind: string;
  arn?: string;
  type?: string;
}

/** What a list re-reads after the change feed spoke. */
export interface RefreshPlan {
  /** Re-read the whole list (every page). */
  all: boolean;
  /** Else re-read these rows only, one detail read each. */
  arns: string[];
  /** Re-read the active alarms (the rows' alarm counts). */
  alarms: boolean;
}

/** Over this many changed rows, one re-listing is cheaper than one detail read per row. */
export const MAX_ROW_REREADS = 20;

/**
 * What to re-read for a batch of changes:
 * - a `resource` change of the list's type: that row (a new resource, not loaded yet, is read and appended);
 * - a `child` change of a loaded row (a flow's source): that row;
 * - an `alarm` change of the list's type or of a loaded row: the alarm counts;
 * - more than `maxRows` rows, `reloadAll`, or a row change the list cannot re-read alone (`canReadRows` false): the
 *   whole list. Events and poller outcomes change no row.
 */
export function planRefresh(
  changes: readonly ListChange[],
  reloadAll: boolean,
  list: { resourceType: string; loaded: ReadonlySet<string>; canReadRows: boolean; maxRows?: number },
): RefreshPlan {
  if (reloadAll) return { all: true, arns: [], alarms: true };
  const arns = new Set<string>();
  let alarms = false;
  for (const change of changes) {
    if (!change.arn) continue;
    const ours = change.type === list.resourceType || list.loaded.has(change.arn);
    if (!ours) continue;
    if (change.kind === 'alarm') alarms = true;
    else if (change.kind === 'resource' && change.type === list.resourceType) arns.add(change.arn);
    else if (change.kind === 'child' && list.loaded.has(change.arn)) arns.add(change.arn);
  }
  if (arns.size > 0 && (!list.canReadRows || arns.size > (list.maxRows ?? MAX_ROW_REREADS)))
    return { all: true, arns: [], alarms };
  return { all: false, arns: [...arns], alarms };
}

/** An active alarm as `GET /alarms` lists it: the resource it is on and the top-level resource that holds it. */
export interface AlarmPlacement {
  resourceArn?: string;
  parentArn?: string;
}

/** The number of active alarms per top-level resource ARN (an alarm on a flow's source counts for the flow). */
export function countAlarms(alarms: readonly AlarmPlacement[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const alarm of alarms) {
    const arn = alarm.parentArn ?? alarm.resourceArn;
    if (arn) counts.set(arn, (counts.get(arn) ?? 0) + 1);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------------------------
// Virtualization

/** The rows a virtualized table renders: `[first, end)`, and the heights of the spacers above and below them. */
export interface RowWindow {
  first: number;
  /** Exclusive. */
  end: number;
  padTop: number;
  padBottom: number;
}

/**
 * The rows visible in a viewport of fixed-height rows, plus `overscan` rows on each side (so a fast scroll shows no
 * blank rows before the next frame). `scrollTop` is how far the table body's top is above the viewport's top.
 */
export function visibleWindow(view: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  overscan: number;
}): RowWindow {
  const { rowHeight, rowCount, overscan } = view;
  if (rowCount <= 0 || rowHeight <= 0) return { first: 0, end: 0, padTop: 0, padBottom: 0 };
  const top = Math.max(0, view.scrollTop);
  const firstVisible = Math.min(rowCount - 1, Math.floor(top / rowHeight));
  const lastVisible = Math.min(rowCount, Math.ceil((top + Math.max(0, view.viewportHeight)) / rowHeight));
  const first = Math.max(0, firstVisible - overscan);
  const end = Math.min(rowCount, Math.max(lastVisible, firstVisible + 1) + overscan);
  return { first, end, padTop: first * rowHeight, padBottom: (rowCount - end) * rowHeight };
}
