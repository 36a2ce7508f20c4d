import { paginateListAlerts, type ChannelAlert, type MediaLiveClient } from '@aws-sdk/client-medialive';
import type { InventoryStore } from '../polling/inventory-store';
import type { AfterSyncResult, KindContext, ResourceTree } from '../polling/resource-kind';
import { alertSk } from '../events/ingest-store';
import { resourcePk } from '../store/keys';
import { budgetedClient, LIST_PAGE_SIZE } from './medialive-client';
import { MediaLiveUnavailableError } from './medialive-errors';
import { ALERT_TYPE, METRICS_STATES, type AlertRecord } from './medialive-model';
import { compact, str } from './record-hash';

/**
 * A RUNNING channel's alerts, reconciled with ListAlerts after the channel's tree was synced. ListAlerts spends the
 * same 5 TPS quota as everything else, so it is asked only when there is a reason to think the channel has alerts:
 * a pipeline's latest `ActiveAlerts` above 0, a stored alert still SET, or an alert event stored recently (the events
 * path writes `ALERT#<alarm_id>` items as MediaLive sends them).
 *
 * Versions keep the event path and the poll from undoing each other: every write carries the epoch ms at which the
 * first ListAlerts request went out, and lands only on an item older than that. So an event's CLEARED newer than the
 * poll is not reopened by the poll's SET, and an event's SET newer than the poll is not cleared because ListAlerts
 * (asked before it) did not return it. Stored SET alerts are cleared only after every ListAlerts page arrived.
 */

export interface AlertReconcileOptions {
  /** An alert event stored within this long asks for a ListAlerts. @default 10 minutes (two inventory cycles) */
  readonly eventLookbackMs?: number;
  /** How long a cleared alert is kept. @default 7 days */
  readonly clearedRetentionDays?: number;
}

type StoredAlert = Partial<AlertRecord> & { pk: string; sk: string; version?: number };

interface MetricsItem {
  latest?: Record<string, { t?: number; v?: number } | undefined>;
}

/** Why the channel's alerts are read now, or undefined when there is no reason to spend a ListAlerts. */
export function alertCheckReason(
  metrics: readonly MetricsItem[],
  alerts: readonly StoredAlert[],
  nowMs: number,
  eventLookbackMs: number,
): 'active-alerts-metric' | 'stored-set-alert' | 'recent-alert-event' | undefined {
  if (metrics.some((m) => (m.latest?.ActiveAlerts?.v ?? 0) > 0)) return 'active-alerts-metric';
  if (alerts.some((a) => a.state === 'SET')) return 'stored-set-alert';
  const recent = alerts.some(
    (a) =>
      a.source !== 'poll' && typeof a.observedAt === 'string' && Date.parse(a.observedAt) >= nowMs - eventLookbackMs,
  );
  return recent ? 'recent-alert-event' : undefined;
}

export async function reconcileChannelAlerts(
  ctx: KindContext<MediaLiveClient> & { readonly store: InventoryStore },
  tree: ResourceTree,
  options: AlertReconcileOptions = {},
): Promise<AfterSyncResult> {
  const { meta } = tree;
  if (!meta.status || !METRICS_STATES.has(meta.status)) return { writes: 0 };
  const pk = resourcePk(meta.arn);
  const [alerts, metrics] = await Promise.all([
    ctx.store.queryAll<StoredAlert>({ pk, skPrefix: 'ALERT#', consistent: true }),
    ctx.store.queryAll<MetricsItem>({ pk, skPrefix: 'METRICS#PIPELINE#' }),
  ]);
  const reason = alertCheckReason(metrics, alerts, ctx.clock.now(), options.eventLookbackMs ?? 10 * 60_000);
  if (!reason) return { writes: 0 };

  const channelId = typeof meta.id === 'string' && meta.id ? meta.id : (meta.arn.split(':').pop() ?? '');
  let listed: { alerts: ChannelAlert[]; observedAtMs: number };
  try {
    listed = await listSetAlerts(ctx, channelId);
  } catch (error) {
    if (error instanceof MediaLiveUnavailableError) return { writes: 0, degraded: `ListAlerts ${error.reason}` };
    throw error;
  }

  const { observedAtMs } = listed;
  const observedAt = new Date(observedAtMs).toISOString();
  const common = { type: ALERT_TYPE, account: ctx.account, region: ctx.region, observedAt, channelArn: meta.arn };
  const stored = new Map(alerts.map((a) => [a.alarmId ?? a.sk.slice('ALERT#'.length), a]));
  let writes = 0;

  const returned = new Set<string>();
  for (const alert of listed.alerts) {
    if (!alert.Id || (alert.State && alert.State !== 'SET')) continue;
    returned.add(alert.Id);
    const fields = compact({
      ...common,
      alarmId: alert.Id,
      state: 'SET' as const,
      alertType: str(alert.AlertType),
      pipeline: str(alert.PipelineId),
      message: str(alert.Message)?.slice(0, 4_000),
      setAt: alert.SetTimestamp ? new Date(alert.SetTimestamp).toISOString() : undefined,
      source: 'poll' as const,
    });
    const before = stored.get(alert.Id);
    if (before && sameSetAlert(before, fields)) continue;
    const written = await ctx.store.updateIfNewer({ pk, sk: alertSk(alert.Id) }, observedAtMs, fields, [
      'clearedAt',
      'expiresAt',
    ]);
    if (written) writes++;
  }

  // Every page arrived: a stored SET alert that ListAlerts no longer returns has cleared.
  const expiresAt = Math.floor(observedAtMs / 1000) + (options.clearedRetentionDays ?? 7) * 86_400;
  for (const [alarmId, alert] of stored) {
    if (alert.state !== 'SET' || returned.has(alarmId)) continue;
    const written = await ctx.store.updateIfNewer({ pk, sk: alertSk(alarmId) }, observedAtMs, {
      ...common,
      alarmId,
      state: 'CLEARED',
      clearedAt: observedAt,
      expiresAt,
      source: 'poll',
    });
    if (written) writes++;
  }
  return { writes };
}

/** Every SET alert of the channel: all pages, a throttled page retried by restarting at its token. */
async function listSetAlerts(
  ctx: KindContext<MediaLiveClient>,
  channelId: string,
): Promise<{ alerts: ChannelAlert[]; observedAtMs: number }> {
  const alerts: ChannelAlert[] = [];
  let observedAtMs: number | undefined;
  let token: string | undefined;
  const client = budgetedClient(ctx.client, ctx.budget, 'ListAlerts', {
    unavailableIsTyped: true,
    onRequest: () => (observedAtMs ??= ctx.clock.now()),
  });
  await ctx.budget.retryThrottles('ListAlerts', async () => {
    const pages = paginateListAlerts(
      { client, pageSize: LIST_PAGE_SIZE, stopOnSameToken: true, ...(token ? { startingToken: token } : {}) },
      { ChannelId: channelId, StateFilter: 'SET' },
    );
    for await (const page of pages) {
      alerts.push(...(page.Alerts ?? []));
      token = page.NextToken;
    }
  });
  return { alerts, observedAtMs: observedAtMs ?? ctx.clock.now() };
}

/** A stored SET alert with the same content needs no write (a RUNNING channel's alert is re-read every cycle). */
function sameSetAlert(stored: StoredAlert, fields: Record<string, unknown>): boolean {
  return (
    stored.state === 'SET' &&
    stored.alertType === fields.alertType &&
    stored.pipeline === fields.pipeline &&
    stored.message === fields.message &&
    stored.setAt === fields.setAt
  );
}
