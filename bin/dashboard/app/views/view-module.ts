import type { ComponentChildren, FunctionComponent } from 'preact';

/**
 * One resource kind's views. CONTRACT: a new service or resource kind adds one module (a list's columns and filters,
 * and its resource page) to `views/registry.ts` and nothing else: the router, the navigation, the overview's counts,
 * the generic list (filter, sort, virtualized rows, live refresh) and the chain page read the registry.
 */

/** What every list route's item carries (the API adds `account` and `region` to every row). */
export interface ResourceRow {
  arn: string;
  name?: string;
  status?: string;
  account: string;
  region: string;
  type?: string;
  observedAt?: string;
  lastPolledAt?: string;
  tombstone?: boolean;
  /** Active alarms on the resource and its children: set by the list view from `GET /alarms?state=ALARM`. */
  activeAlarms?: number;
  [field: string]: unknown;
}

export interface Column<Row extends ResourceRow = ResourceRow> {
  id: string;
  header: string;
  /** The value sorting and the text filter use. */
  value: (row: Row) => string | number | undefined;
  /** How the cell shows; `value` as text when absent. */
  render?: (row: Row) => ComponentChildren;
  /** Right-aligned, sorted as a number. @default false */
  numeric?: boolean;
  /** @default true */
  sortable?: boolean;
}

/** A filter the list route applies server-side (`?status=ACTIVE`); the text filter and sorting are client-side. */
export interface ListFilter {
  /** The list route's query parameter and the dashboard URL's. */
  param: string;
  label: string;
  options: readonly string[];
}

export interface ResourceViewModule<Row extends ResourceRow = ResourceRow> {
  /** The list's URL and the prefix of its resources' pages: `/flows`, `/channels`, `/mediapackage/channels`. */
  readonly path: string;
  /** Plural, for the navigation and the list's heading: `Flows`. */
  readonly title: string;
  readonly service: 'mediaconnect' | 'medialive' | 'mediapackage' | 'mediapackagev2';
  /** The stored type (`mediaconnect:flow`): the overview's counts and the change feed's `type`. */
  readonly resourceType: string;
  /** The API's list route, without the `/api` base: `/flows`. */
  readonly listRoute: string;
  readonly columns: readonly Column<Row>[];
  readonly filters?: readonly ListFilter[];
  /** A sparkline column of one metric over the stored history, read only for the rows on screen. */
  readonly sparkline?: {
    readonly header: string;
    readonly metricsRoute: (arn: string) => string;
    readonly metric: string;
    /** The metric's CloudWatch unit (`Bits/Second`), for the value shown beside the line. @default 'None' */
    readonly unit?: string;
    /** The id of the column the sparkline follows. @default after the last column */
    readonly afterColumn?: string;
    /**
     * More metrics read in the same request, for cells that show a row's latest values (`useRowSeries` of
     * components/sparkline.tsx with `sparklineMetrics(module)`): one request per row on screen serves them all.
     */
    readonly extraMetrics?: readonly string[];
  };
  /**
   * The route that reads one resource (`/flows/<encoded arn>`). With `rowFromDetail`, the list re-reads only the rows
   * the change feed names (one read each) instead of the whole list. @default none: the list re-reads every page
   */
  readonly detailRoute?: (arn: string) => string;
  /** A list row of the detail route's answer (the detail carries at least the row's fields). */
  readonly rowFromDetail?: (detail: unknown) => Row;
  /** The resource's page. `sub` is the URL's last segment (`grant`), for pages with parts of their own. */
  readonly Detail: FunctionComponent<{ arn: string; sub?: string }>;
}
