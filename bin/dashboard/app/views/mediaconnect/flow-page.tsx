import { useState } from 'preact/hooks';
import { AlarmList } from '../../components/alarm-list';
import { ErrorPanel } from '../../components/error-panel';
import { HistorySections, useEventHistory } from '../../components/event-history';
import { FieldList } from '../../components/field-list';
import { MetricsPanel } from '../../components/metric-chart';
import { StatusBadge } from '../../components/status-badge';
import { useApp, useLiveQuery } from '../../app-context';
import { formatTime } from '../../model/format';
import { healthItemsOf, healthLine, healthWord, type HealthItem } from '../../model/flow-health';
import { chainHref, detailHref } from '../../model/routes';
import { EntitlementActions, FlowActions } from './flow-actions';
import { GrantEntitlementPage } from './entitlement-form';
import { LatestMetricsList, FlowTree } from './flow-tree';
import { flowApiPath, type FlowDetail } from './flow-types';
import { takeGrant, type GrantOutcome } from './grant-outcome';

/** The flows list's path: a flow's page is `/flows/<encoded arn>`. */
export const FLOWS_PATH = '/flows';

/** Fields the page's header and sections show; the "Flow details" list shows every other field of the flow. */
const HEADER_FIELDS = [
  'arn',
  'name',
  'status',
  'account',
  'region',
  'availabilityZone',
  'lastPolledAt',
  'deleted',
  'sources',
  'outputs',
  'entitlements',
  'metrics',
  'health',
  'healthDetails',
  'alarms',
  'links',
  'type',
  'polling',
];

/**
 * A flow's page (`/flows/<arn>`): its status, place and health, the tree of sources, outputs and entitlements with
 * every field the API returns, metric charts over the stored history, alarms, events and the audit trail; the
 * operator's actions. `/flows/<arn>/grant` is the grant form. Everything but the metrics re-reads when the change feed
 * reports a change of the flow.
 */
export function FlowPage({ arn, sub }: { arn: string; sub?: string }) {
  if (sub === 'grant') return <GrantEntitlementPage flowArn={arn} />;
  if (sub !== undefined) return <UnknownPart arn={arn} sub={sub} />;
  return <FlowOverview arn={arn} />;
}

function FlowOverview({ arn }: { arn: string }) {
  const { role } = useApp();
  const tree = useLiveQuery<FlowDetail>(flowApiPath(arn), undefined, { refreshOn: (change) => change.arn === arn });
  const history = useEventHistory(arn);
  const [granted] = useState<GrantOutcome | undefined>(() => takeGrant(arn));
  const [revoked, setRevoked] = useState<readonly { arn: string; message: string }[]>([]);

  if (!tree.data) {
    return (
      <>
        <h1 tabIndex={-1}>{tree.error ? 'Flow not available' : 'Loading flow…'}</h1>
        {tree.error && (
          <ErrorPanel
            error={tree.error}
            title={
              tree.error.status === 404
                ? 'This flow is not known (deleted, or not polled yet)'
                : 'Could not load the flow'
            }
            onRetry={tree.reload}
          />
        )}
        <p>
          <a href={FLOWS_PATH}>All flows</a>
        </p>
      </>
    );
  }

  const flow = tree.data;
  const operator = role === 'operator' && !flow.deleted;
  const healthItems = (flow.healthDetails ?? []) as HealthItem[];
  const flowHealthItems = healthItemsOf(healthItems, flow.arn);
  const health = healthWord(flow.health, healthItems);
  // What a chart line or an alarm is on: the flow itself, or one of its sources or outputs, by name.
  const labelOf = (resourceArn: string, scope?: string): string => {
    if (scope === 'FLOW' || resourceArn === flow.arn) return 'Flow';
    const source = flow.sources.find((c) => c.arn === resourceArn);
    if (source) return `Source ${source.name}`;
    const output = flow.outputs.find((c) => c.arn === resourceArn);
    return output ? `Output ${output.name}` : resourceArn;
  };

  return (
    <article class="resource-page flow-page" data-arn={flow.arn}>
      <header class="resource-header">
        <p class="breadcrumb">
          <a href={FLOWS_PATH}>Flows</a> /
        </p>
        <h1 tabIndex={-1}>{flow.name}</h1>
        <p class="resource-status">
          <StatusBadge status={flow.status} />
          {flow.deleted && <StatusBadge status="DELETED" label="deleted" tone="bad" />}
          {health && <StatusBadge status={health} label={`health ${health}`} />}
          {tree.error && <span class="stale-note"> (showing the last answer: {tree.error.message})</span>}
        </p>
        <dl class="field-list resource-facts">
          <div class="field">
            <dt>Account</dt>
            <dd>{flow.account}</dd>
          </div>
          <div class="field">
            <dt>Region</dt>
            <dd>{flow.region}</dd>
          </div>
          <div class="field">
            <dt>Availability Zone</dt>
            <dd>{flow.availabilityZone ?? '—'}</dd>
          </div>
          <div class="field">
            <dt>Last polled</dt>
            <dd>{formatTime(flow.lastPolledAt ?? flow.observedAt)}</dd>
          </div>
          <div class="field">
            <dt>Metrics polling</dt>
            <dd>
              {flow.polling
                ? flow.polling.enabled
                  ? `every ${flow.polling.intervalSeconds} s`
                  : 'off'
                : 'default (every poll cycle)'}
            </dd>
          </div>
          <div class="field">
            <dt>ARN</dt>
            <dd class="arn">{flow.arn}</dd>
          </div>
        </dl>
        <p class="resource-links">
          <a href={chainHref(flow.arn)}>Signal chain</a>
          {' · '}
          <a href={flow.links.console} target="_blank" rel="noopener noreferrer">
            Open in the AWS console
          </a>
        </p>
        {operator && <FlowActions flow={flow} onChanged={tree.reload} />}
      </header>

      <section aria-label="Health" class="resource-section">
        <h2>Health</h2>
        {health ? <StatusBadge status={health} /> : <p class="empty">No health reported by events.</p>}
        {flowHealthItems.length > 0 && (
          <ul class="health-items">
            {flowHealthItems.map((item) => (
              <li key={item.aspect ?? 'health'}>
                {item.aspect ?? 'health'}: {healthLine(item)}
                {item.since ? ` (since ${formatTime(item.since)})` : ''}
              </li>
            ))}
          </ul>
        )}
        {flow.health && <FieldList record={flow.health} label="Flow health summary" />}
      </section>

      <section aria-label="Flow details" class="resource-section">
        <h2>Flow details</h2>
        <FieldList record={flow} omit={HEADER_FIELDS} label="Flow fields" />
        {flow.metrics && <LatestMetricsList metrics={flow.metrics} label="Flow latest metrics" />}
      </section>

      <FlowTree
        flow={flow}
        {...(operator
          ? {
              entitlementsToolbar: (
                <>
                  {granted && <GrantedMessage outcome={granted} />}
                  {revoked
                    .filter((gone) => !flow.entitlements.some((entitlement) => entitlement.arn === gone.arn))
                    .map((gone) => (
                      <p key={gone.arn} role="status" class="action-outcome action-outcome-ok">
                        {gone.message}
                      </p>
                    ))}
                  <p>
                    <a class="button-link" href={detailHref(FLOWS_PATH, flow.arn, 'grant')}>
                      Grant entitlement
                    </a>
                  </p>
                </>
              ),
              entitlementActions: (entitlement) => (
                <EntitlementActions
                  flowArn={flow.arn}
                  entitlement={entitlement}
                  onChanged={tree.reload}
                  onRevoked={(message) => setRevoked((current) => [...current, { arn: entitlement.arn, message }])}
                />
              ),
            }
          : {})}
      />

      <section aria-label="Alarms" class="resource-section">
        <h2>Alarms</h2>
        <AlarmList alarms={flow.alarms} resourceLabel={(resourceArn) => labelOf(resourceArn)} />
      </section>

      <section aria-label="Metrics" class="resource-section">
        <h2>Metrics</h2>
        <MetricsPanel metricsRoute={`${flowApiPath(flow.arn)}/metrics`} labelOf={labelOf} />
      </section>

      <HistorySections history={history} />
    </article>
  );
}

function UnknownPart({ arn, sub }: { arn: string; sub: string }) {
  return (
    <>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        A flow has no page “{sub}”. <a href={detailHref(FLOWS_PATH, arn)}>Back to the flow</a>
      </p>
    </>
  );
}

/** The answer of a grant, once, with what to give the subscriber (seed 003, step 14); the key goes out of band. */
function GrantedMessage({ outcome }: { outcome: GrantOutcome }) {
  const handoff = outcome.subscriberHandoff;
  return (
    <div role="status" class="action-outcome action-outcome-ok grant-outcome">
      <p>Entitlement {outcome.name ?? ''} granted. Give the subscriber:</p>
      <ul>
        <li>
          the entitlement ARN <code>{handoff.entitlementArn}</code>
        </li>
        <li>the Region {handoff.region}</li>
        <li>their share of the data-transfer fee: {handoff.dataTransferSubscriberFeePercent}%</li>
        {handoff.encryption && (
          <li>
            the encryption key (out of band, never by this dashboard) and the algorithm {handoff.encryption.algorithm}
          </li>
        )}
      </ul>
    </div>
  );
}
