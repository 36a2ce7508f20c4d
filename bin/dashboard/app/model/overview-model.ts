/**
 * The estate overview's shaping of `GET /summary`, `GET /alarms?state=ALARM` and `GET /events/recent`. Pure
 * (unit-tested). The shapes below are the parts of the API's answers the overview reads (lambdas/api/monitoring/
 * summary.ts, poller-view.ts, monitoring-queries.ts); they are restated, not imported, so the browser build does not
 * pull the server's modules in.
 */
import { statusTone, type StatusTone } from './status-tone';

export interface StatusCounts {
  total: number;
  byStatus: Record<string, number>;
  deleted: number;
}

export interface PollerRow {
  key: string;
  poller: string;
  account: string;
  region: string;
  lastRunAt?: string;
  durationMs?: number;
  stale: boolean;
  staleAfterSeconds: number;
  errors: number;
  failedResources: number;
}

export interface CredentialView {
  type: 'execution-role' | 'assume-role' | 'key-pair';
  roleArn?: string;
  secretArn?: string;
}

export interface TargetRow {
  account: string;
  region: string;
  credentials: CredentialView;
  operator: CredentialView | null;
  services: string[];
  pollers: Record<string, { at?: string; outcome: string; errors: string[]; stale: boolean }>;
  counts: Record<string, number>;
  activeAlarms: number;
  credentialsFailing: boolean;
}

export interface SummaryView {
  account: string;
  region: string;
  generatedAt: string;
  resources: Record<string, StatusCounts>;
  services: Record<string, StatusCounts>;
  alarms: { active: number; byState: Record<string, number> };
  pollers: PollerRow[];
  targets?: TargetRow[];
}

/** An alarm row of `GET /alarms` (the feed adds `severity`). */
export interface AlarmRow {
  name: string;
  state: string;
  severity?: string;
  reason?: string;
  description?: string;
  since?: string;
  metricName?: string;
  resourceArn?: string;
  parentArn?: string;
  account?: string;
  region?: string;
  [field: string]: unknown;
}

/** An event of `GET /events/recent`. */
export interface RecentEvent {
  resourceArn: string;
  time?: string;
  id?: string;
  kind?: string;
  summary?: string;
  resourceKind?: string;
  account?: string;
  region?: string;
  [field: string]: unknown;
}

/** Severities, most urgent first; an alarm without one counts as `major` (the API's default for ALARM). */
export const SEVERITY_ORDER = ['critical', 'major', 'minor', 'warning'] as const;
export const DEFAULT_SEVERITY = 'major';

export const severityOf = (alarm: AlarmRow): string => (alarm.severity ?? DEFAULT_SEVERITY).toLowerCase();

/** Alarms grouped by severity, most urgent group first (unknown severities after, by name); newest first within. */
export function alarmsBySeverity(alarms: readonly AlarmRow[]): { severity: string; alarms: AlarmRow[] }[] {
  const groups = new Map<string, AlarmRow[]>();
  for (const alarm of alarms) {
    const severity = severityOf(alarm);
    groups.set(severity, [...(groups.get(severity) ?? []), alarm]);
  }
  const rank = (severity: string) => {
    const index = (SEVERITY_ORDER as readonly string[]).indexOf(severity);
    return index < 0 ? SEVERITY_ORDER.length : index;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([severity, rows]) => ({
      severity,
      alarms: [...rows].sort((a, b) => (b.since ?? '').localeCompare(a.since ?? '') || a.name.localeCompare(b.name)),
    }));
}

/**
 * Whether a poller is stale now: the summary said so, or its last run has since grown older than the poller's
 * staleness limit (the overview re-reads the summary only when the store changes, so a poller that stops writing
 * would otherwise look fresh forever).
 */
export function pollerIsStale(poller: PollerRow, nowMs: number): boolean {
  if (poller.stale) return true;
  const at = poller.lastRunAt ? Date.parse(poller.lastRunAt) : NaN;
  return !Number.isFinite(at) || nowMs - at > poller.staleAfterSeconds * 1000;
}

const TONE_RANK: Record<StatusTone, number> = { bad: 0, warn: 1, ok: 2, idle: 3, unknown: 4 };

/** A resource type's counts as shown: statuses needing attention first, then by count. */
export interface CountRow {
  type: string;
  service: string;
  total: number;
  deleted: number;
  statuses: { status: string; count: number }[];
}

/** One row per resource type of the summary, in the order of `typeOrder` (the registry's), others after by name. */
export function countRows(resources: Readonly<Record<string, StatusCounts>>, typeOrder: readonly string[]): CountRow[] {
  const rank = (type: string) => {
    const index = typeOrder.indexOf(type);
    return index < 0 ? typeOrder.length : index;
  };
  return Object.entries(resources)
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([type, counts]) => ({
      type,
      service: type.split(':')[0] ?? type,
      total: counts.total,
      deleted: counts.deleted,
      statuses: Object.entries(counts.byStatus)
        .map(([status, count]) => ({ status, count }))
        .sort(
          (a, b) =>
            TONE_RANK[statusTone(a.status)] - TONE_RANK[statusTone(b.status)] ||
            b.count - a.count ||
            a.status.localeCompare(b.status),
        ),
    }));
}

/** A credential source in words: `execution role`, `assume role arn:…`, `key pair (secret arn:…)`. */
export function credentialText(source: CredentialView | null): string {
  if (!source) return 'none: actions refused';
  if (source.type === 'assume-role') return `assume role ${source.roleArn ?? ''}`.trim();
  if (source.type === 'key-pair') return `key pair (secret ${source.secretArn ?? '?'})`;
  return 'execution role';
}
