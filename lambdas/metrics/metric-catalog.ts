import { seriesNameOf, type MetricDefinition, type MetricKind, type MetricSetName } from '../polling/metric-kind';
import { METRIC_KINDS } from '../registry/metric-kinds';
import type { MetricScope } from '../store/keys';

/**
 * The metric selection of a deployment (METRIC_SET), over the catalogs of every registered `MetricKind`.
 */

/** The metrics one deployment polls, across every service, resolved from METRIC_SET. */
export interface MetricSelection {
  /** `health`, `full` or `custom`. */
  readonly name: MetricSetName | 'custom';
  /** The chosen metrics, in catalog order (kind by kind). */
  readonly metrics: readonly MetricDefinition[];
}

/** A METRIC_SET value that names an unknown set, service, scope or metric. */
export class MetricSetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricSetError';
  }
}

const SET_NAMES: readonly MetricSetName[] = ['health', 'full'];

/**
 * Resolves a METRIC_SET value against the kinds' catalogs: `health` (the default), `full`, or a comma list whose
 * tokens are
 * - `health` or `full`: that set of every service;
 * - `Name`: the metric in every service and scope it exists in (`SourceBitRate` is polled by FlowARN and by SourceARN);
 * - `SCOPE:Name`: one scope (`SOURCE:SourceBitRate`, `PIPELINE:FillMsec`);
 * - `service:SCOPE:Name`: one service's scope (`medialive:PIPELINE:FillMsec`), for a name two services share.
 * Service and scope are case-insensitive, names are not (AWS spells them exactly). Throws MetricSetError on anything
 * unknown.
 */
export function resolveMetricSet(
  spec: string | undefined,
  kinds: readonly MetricKind[] = METRIC_KINDS,
): MetricSelection {
  const catalog = kinds.flatMap((k) => k.catalog.map((metric) => ({ service: k.service, metric })));
  const value = (spec ?? '').trim();
  if (value === '' || value === 'health' || value === 'full') {
    const name: MetricSetName = value === 'full' ? 'full' : 'health';
    return { name, metrics: catalog.map((c) => c.metric).filter((m) => m.sets.includes(name)) };
  }
  const services = new Set(kinds.map((k) => k.service as string));
  const scopes = new Set(catalog.map((c) => c.metric.scope as string));
  const chosen = new Set<MetricDefinition>();
  for (const token of value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)) {
    if ((SET_NAMES as readonly string[]).includes(token)) {
      catalog.filter((c) => c.metric.sets.includes(token as MetricSetName)).forEach((c) => chosen.add(c.metric));
      continue;
    }
    const parts = token.split(':');
    if (parts.length > 3)
      throw new MetricSetError(`METRIC_SET: "${token}" is not Name, SCOPE:Name or service:SCOPE:Name`);
    const name = parts[parts.length - 1] as string;
    const scope = parts.length >= 2 ? parts[parts.length - 2]?.toUpperCase() : undefined;
    const service = parts.length === 3 ? parts[0]?.toLowerCase() : undefined;
    if (service !== undefined && !services.has(service)) {
      throw new MetricSetError(
        `METRIC_SET: unknown service "${parts[0]}" in "${token}" (use ${[...services].join(', ')})`,
      );
    }
    if (scope !== undefined && !scopes.has(scope)) {
      throw new MetricSetError(
        `METRIC_SET: unknown scope "${parts[parts.length - 2]}" in "${token}" (use ${[...scopes].join(', ')})`,
      );
    }
    const matches = catalog.filter(
      (c) =>
        (c.metric.name === name || seriesNameOf(c.metric) === name) &&
        (scope === undefined || c.metric.scope === scope) &&
        (service === undefined || c.service === service),
    );
    if (matches.length === 0) throw new MetricSetError(`METRIC_SET: unknown metric "${token}"`);
    matches.forEach((c) => chosen.add(c.metric));
  }
  if (chosen.size === 0) throw new MetricSetError('METRIC_SET names no metric');
  return { name: 'custom', metrics: catalog.map((c) => c.metric).filter((m) => chosen.has(m)) };
}

/** The metrics of one scope within a selection (scopes are unique to a service: FLOW, PIPELINE, …). */
export function metricsOfScope(selection: MetricSelection, scope: MetricScope): readonly MetricDefinition[] {
  return selection.metrics.filter((m) => m.scope === scope);
}

/** The selected metrics of one kind, in one scope. */
export function metricsOfKind(
  selection: MetricSelection,
  kind: MetricKind,
  scope: MetricScope,
): readonly MetricDefinition[] {
  const own = new Set(kind.catalog);
  return selection.metrics.filter((m) => m.scope === scope && own.has(m));
}
