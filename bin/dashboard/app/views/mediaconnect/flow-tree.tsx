import type { ComponentChildren } from 'preact';
import { FieldList } from '../../components/field-list';
import { StatusBadge } from '../../components/status-badge';
import { formatMetricValue, formatTime } from '../../model/format';
import { healthItemsOf, healthLine, healthWord, type HealthItem } from '../../model/flow-health';
import { metricUnit } from '../../model/metric-series';
import type { FlowChild, FlowDetail, LatestMetrics } from './flow-types';

/** Fields a child's card shows in its heading or elsewhere; every other field is listed. */
const CHILD_HEADING_FIELDS = ['name', 'status', 'metrics', 'type', 'flowArn', 'account', 'region'];

export interface FlowTreeProps {
  flow: FlowDetail;
  /** Operator actions of one entitlement (Update, Revoke); absent for the read-only role. */
  entitlementActions?: (entitlement: FlowDetail['entitlements'][number]) => ComponentChildren;
  /** Above the entitlements (the operator's "Grant entitlement" link). */
  entitlementsToolbar?: ComponentChildren;
}

/**
 * The flow's sources, outputs and entitlements, one section each, every field the API returns (protocol, ingest IP
 * and port, whitelist CIDR, listener address, transport, VPC interface, encryption references — never a secret
 * value), each child's own status or health and its latest metrics.
 */
export function FlowTree({ flow, entitlementActions, entitlementsToolbar }: FlowTreeProps) {
  const health = (flow.healthDetails ?? []) as HealthItem[];
  return (
    <>
      <section aria-label="Sources" class="flow-children">
        <h2>Sources ({flow.sources.length})</h2>
        {flow.sources.length === 0 && <p class="empty">No sources.</p>}
        {flow.sources.map((source) => (
          <ChildCard key={source.arn} child={source} kind="Source" health={healthItemsOf(health, source.arn)} />
        ))}
      </section>
      <section aria-label="Outputs" class="flow-children">
        <h2>Outputs ({flow.outputs.length})</h2>
        {flow.outputs.length === 0 && <p class="empty">No outputs.</p>}
        {flow.outputs.map((output) => (
          <ChildCard key={output.arn} child={output} kind="Output" health={healthItemsOf(health, output.arn)} />
        ))}
      </section>
      <section aria-label="Entitlements" class="flow-children">
        <h2>Entitlements ({flow.entitlements.length})</h2>
        {entitlementsToolbar}
        {flow.entitlements.length === 0 && <p class="empty">No entitlements.</p>}
        {flow.entitlements.map((entitlement) => (
          <ChildCard key={entitlement.arn} child={entitlement} kind="Entitlement" health={[]}>
            {entitlementActions?.(entitlement)}
          </ChildCard>
        ))}
      </section>
    </>
  );
}

function ChildCard({
  child,
  kind,
  health,
  children,
}: {
  child: FlowChild;
  kind: string;
  health: readonly HealthItem[];
  children?: ComponentChildren;
}) {
  const word = healthWord(undefined, health);
  return (
    <article class="flow-child" data-arn={child.arn} aria-label={`${kind} ${child.name}`}>
      <h3>
        {child.name} {child.status !== undefined && <StatusBadge status={child.status} />}{' '}
        {word && <StatusBadge status={word} />}
      </h3>
      {children && <div class="child-actions">{children}</div>}
      <FieldList record={child} omit={CHILD_HEADING_FIELDS} label={`${kind} ${child.name} fields`} />
      {health.length > 0 && (
        <ul class="health-items" aria-label={`${kind} ${child.name} health`}>
          {health.map((item) => (
            <li key={`${item.aspect ?? ''}`}>
              {item.aspect ?? 'health'}: {healthLine(item)}
              {item.since ? ` (since ${formatTime(item.since)})` : ''}
            </li>
          ))}
        </ul>
      )}
      {child.metrics && <LatestMetricsList metrics={child.metrics} label={`${kind} ${child.name} latest metrics`} />}
    </article>
  );
}

/** The last datapoint of each metric, in its unit, and when the metrics were last polled. */
export function LatestMetricsList({ metrics, label }: { metrics: LatestMetrics; label: string }) {
  const names = Object.keys(metrics.latest).sort();
  if (names.length === 0) return null;
  return (
    <div class="latest-metrics">
      <dl class="field-list" aria-label={label}>
        {names.map((name) => {
          const point = metrics.latest[name];
          return (
            <div key={name} class="field" data-metric={name}>
              <dt>{name}</dt>
              <dd>
                {formatMetricValue(point?.v, metricUnit(name))}
                {metrics.incomplete?.[name] ? ` (incomplete: ${metrics.incomplete[name]})` : ''}
              </dd>
            </div>
          );
        })}
      </dl>
      {metrics.lastPolledAt && <p class="as-of">Metrics polled {formatTime(metrics.lastPolledAt)}</p>}
    </div>
  );
}
