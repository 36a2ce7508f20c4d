import type { AlarmRow } from '../../components/alarm-list';

/**
 * `GET /flows/{flowArn}` as the dashboard reads it (lambdas/api/mediaconnect/flow-queries.ts `FlowTree`). Written out
 * here rather than imported: the API's module pulls in the store and zod, which the browser must not bundle. Every
 * field the API adds shows anyway: the pages render the whole record through `FieldList`.
 */

/** The last datapoint of each metric of a flow, source or output. */
export interface LatestMetrics {
  latest: Record<string, { t: number; v: number }>;
  lastPolledAt?: string;
  /** Metrics whose last fetch was incomplete, with CloudWatch's StatusCode. */
  incomplete?: Record<string, string>;
}

export interface FlowChild {
  arn: string;
  name: string;
  status?: string;
  metrics?: LatestMetrics;
  [field: string]: unknown;
}

export interface FlowDetail {
  arn: string;
  name: string;
  status: string;
  account: string;
  region: string;
  deleted: boolean;
  availabilityZone?: string;
  lastPolledAt?: string;
  observedAt?: string;
  polling?: { enabled: boolean; intervalSeconds: number };
  health?: Record<string, unknown>;
  healthDetails?: Record<string, unknown>[];
  sources: FlowChild[];
  outputs: FlowChild[];
  entitlements: (FlowChild & { subscribers?: string[]; description?: string })[];
  metrics?: LatestMetrics;
  alarms: AlarmRow[];
  links: { self: string; metrics: string; events: string; console: string };
  [field: string]: unknown;
}

/** The API path of a flow (`/flows/<encoded arn>`); its metrics, actions and entitlements are below it. */
export const flowApiPath = (arn: string): string => `/flows/${encodeURIComponent(arn)}`;
