import { useApp } from '../../app-context';
import { ConfirmAction } from '../../components/confirm-dialog';
import { FieldList } from '../../components/field-list';
import { StatusBadge } from '../../components/status-badge';
import { formatTime, MISSING } from '../../model/format';
import { channelActionsFor } from '../../model/medialive-states';
import { detailHref } from '../../model/routes';
import { MEDIALIVE_METRIC_CATALOG } from '../../../../../lambdas/medialive/metric-catalog';
import { LatestMetricsTable } from '../service-page/latest-metrics-table';
import { ChildSection, ServiceResourcePage, type ResourceDetail } from '../service-page/resource-page';
import type { LatestMetricsView } from '../../model/latest-metrics';

export const CHANNELS_PATH = '/channels';
export const INPUTS_PATH = '/inputs';

export const channelApiPath = (arn: string): string => `/channels/${encodeURIComponent(arn)}`;

type Child = Record<string, unknown>;

/** `GET /channels/{channelArn}` (lambdas/api/medialive/channel-queries.ts `ChannelTree`). */
export interface ChannelDetail extends ResourceDetail {
  channelClass?: string;
  pipelinesRunningCount?: number;
  pipelines: ({ pipelineId: string; metrics?: LatestMetricsView } & Child)[];
  attachments: Child[];
  destinations: Child[];
  alerts: Child[];
  outputGroupMetrics: { pipelineId: string; outputGroup: string; metrics: LatestMetricsView }[];
}

const PIPELINE_METRICS = MEDIALIVE_METRIC_CATALOG.filter((m) => m.scope === 'PIPELINE');
const OUTPUT_GROUP_METRICS = MEDIALIVE_METRIC_CATALOG.filter((m) => m.scope === 'OUTPUT_GROUP');

/**
 * A MediaLive channel's page: state, class and pipelines running; each pipeline with its active input and latest
 * health metrics; the input attachments (links to the inputs, failover settings); the destinations (URLs without
 * credentials, MediaPackage channel ids); alerts (SET first); output-group metrics; every other field; alarms, events,
 * audit trail. Operator: "Start channel" or "Stop channel" (those the state allows), "Re-poll".
 */
export function ChannelPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<ChannelDetail>
      arn={arn}
      apiPath={channelApiPath(arn)}
      listPath={CHANNELS_PATH}
      listTitle="Channels"
      noun="Channel"
      sectionFields={['pipelines', 'attachments', 'destinations', 'alerts', 'outputGroupMetrics', 'channelClass']}
      facts={(channel) => [
        ['Class', channel.channelClass ?? MISSING],
        ['Pipelines running', channel.pipelinesRunningCount ?? MISSING],
      ]}
      actions={(channel, reload) => <ChannelActions channel={channel} onChanged={reload} />}
      sections={(channel) => (
        <>
          <ChildSection
            label="Pipelines"
            items={channel.pipelines}
            empty="No pipeline details stored (the channel is not running, or AWS gave none)."
            name={(p) => `Pipeline ${p.pipelineId}`}
            title={(p) => `Pipeline ${p.pipelineId}`}
            omit={['pipelineId', 'metrics', 'type', 'channelArn']}
          />
          <ChildSection
            label="Input attachments"
            items={channel.attachments}
            empty="No inputs attached."
            name={(a) => `Input attachment ${String(a.name)}`}
            title={(a) => (
              <>
                {String(a.name)}
                {typeof a.inputArn === 'string' && (
                  <>
                    {' · '}
                    <a href={detailHref(INPUTS_PATH, a.inputArn)}>input {String(a.inputId ?? '')}</a>
                  </>
                )}
              </>
            )}
            omit={['name', 'type', 'channelArn']}
          />
          <ChildSection
            label="Destinations"
            items={channel.destinations}
            empty="No destinations."
            name={(d) => `Destination ${String(d.id)}`}
            title={(d) => `Destination ${String(d.id)}`}
            omit={['id', 'type', 'channelArn']}
          />
          <AlertsSection alerts={channel.alerts} />
          <section aria-label="Metrics" class="resource-section">
            <h2>Metrics</h2>
            <p class="note">The latest value of each metric, from the last metrics poll.</p>
            {channel.pipelines.length === 0 && channel.outputGroupMetrics.length === 0 && (
              <p class="empty">No metrics polled (MediaLive publishes metrics while a channel runs).</p>
            )}
            {channel.pipelines.map((p) => (
              <LatestMetricsTable
                key={p.pipelineId}
                label={`Pipeline ${p.pipelineId}`}
                metrics={p.metrics}
                catalog={PIPELINE_METRICS}
              />
            ))}
            {channel.outputGroupMetrics.map((g) => (
              <LatestMetricsTable
                key={`${g.pipelineId}:${g.outputGroup}`}
                label={`Output group ${g.outputGroup}${g.pipelineId ? ` on pipeline ${g.pipelineId}` : ''}`}
                metrics={g.metrics}
                catalog={OUTPUT_GROUP_METRICS}
              />
            ))}
          </section>
        </>
      )}
    />
  );
}

/** The channel's alerts: SET first (as the API orders them), each with its state as a word and colour. */
function AlertsSection({ alerts }: { alerts: readonly Child[] }) {
  return (
    <section aria-label="Alerts" class="resource-section">
      <h2>Alerts ({alerts.filter((a) => a.state === 'SET').length} set)</h2>
      {alerts.length === 0 && <p class="empty">No alerts.</p>}
      <ul class="alarm-list">
        {alerts.map((alert) => (
          <li key={String(alert.alarmId)} class="alarm" data-state={String(alert.state)}>
            <StatusBadge status={String(alert.state)} /> <strong>{String(alert.alertType ?? alert.alarmId)}</strong>
            {alert.pipeline !== undefined && ` on pipeline ${String(alert.pipeline)}`}
            {typeof alert.setAt === 'string' && ` since ${formatTime(alert.setAt)}`}
            {typeof alert.clearedAt === 'string' && `, cleared ${formatTime(alert.clearedAt)}`}
            {typeof alert.message === 'string' && <p class="alarm-reason">{alert.message}</p>}
            <FieldList
              record={alert}
              omit={[
                'alarmId',
                'state',
                'alertType',
                'pipeline',
                'setAt',
                'clearedAt',
                'message',
                'type',
                'channelArn',
              ]}
              label={`Alert ${String(alert.alarmId)} fields`}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Start channel" and "Stop channel", each enabled when the stored state allows it and confirmed; a note while it changes. */
function ChannelActions({ channel, onChanged }: { channel: ChannelDetail; onChanged: () => void }) {
  const { api } = useApp();
  const allowed = channelActionsFor(channel.status);
  const name = channel.name ?? channel.arn;
  const send = async (action: 'start' | 'stop') => {
    const answer = await api.send<{ state?: string; refreshed: boolean }>(
      'POST',
      `${channelApiPath(channel.arn)}/${action}`,
    );
    return `${action === 'start' ? 'Start' : 'Stop'} requested: the channel is ${answer.state ?? (action === 'start' ? 'STARTING' : 'STOPPING')}`;
  };
  // Both buttons stay mounted (disabled when the state refuses the action), so the outcome of a start stays on screen
  // after the channel's new state arrives.
  return (
    <>
      <ConfirmAction
        label="Start channel"
        title={`Start ${name}?`}
        description="MediaLive starts the channel: it begins encoding its inputs and sending to its destinations. A running channel is billed by the hour."
        disabled={!allowed.start}
        onConfirm={() => send('start')}
        onDone={onChanged}
      />
      <ConfirmAction
        label="Stop channel"
        title={`Stop ${name}?`}
        description="MediaLive stops the channel: every destination and everything downstream (packaging, viewers) loses the signal."
        danger
        disabled={!allowed.stop}
        onConfirm={() => send('stop')}
        onDone={onChanged}
      />
      {!allowed.start && !allowed.stop && (
        <p class="action-note">
          The channel is {channel.status ?? 'UNKNOWN'}: start and stop wait until it is RUNNING or IDLE.
        </p>
      )}
    </>
  );
}
