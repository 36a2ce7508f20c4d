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
  };
  /** The resource's page. `sub` is the URL's last segment (`grant`), for pages with parts of their own. */
  readonly Detail: FunctionComponent<{ arn: string; sub?: string }>;
}
