import { ApiClient, ApiRequestError, QueryValues } from './api-client';
import { ago, Column, formatMetric, renderTable, renderTree, TreeNode } from './text-views';

/** A mistake in the command line: exit code 2, printed with `usage` when it is given. */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

/** What a command produced: the API's JSON (for `--json`) and its readable form. */
export interface CommandOutput {
  data: unknown;
  text: string;
}

export interface CommandContext {
  api: ApiClient;
  now: number;
  /** `--account` / `--target-region`: the watched targets a list or a name lookup covers. @default every target */
  target?: TargetFilter;
}

/**
 * Which watched targets a command covers, sent as the list routes' `account=` and `region=` (`--region` stays the API's
 * signing Region, so the CLI names the filter `--target-region`). Neither: every target the deployment watches.
 */
export interface TargetFilter {
  account?: string;
  region?: string;
}

/** The target filter as list-route query parameters. */
function targetQuery(filter: TargetFilter | undefined): QueryValues {
  return { account: filter?.account, region: filter?.region };
}

/**
 * The account a listed resource is in: the API's `account` field, else the ARN's account part (moto's MediaLive and
 * MediaPackage v1 ARNs have none, the API's field does).
 */
export function accountOf(row: Row): string | undefined {
  if (typeof row.account === 'string' && row.account) return row.account;
  const fromArn = typeof row.arn === 'string' ? row.arn.split(':')[4] : undefined;
  return fromArn && /^\d{12}$/.test(fromArn) ? fromArn : undefined;
}

/** The ACCOUNT column every list table starts with: a deployment may watch many accounts. */
const ACCOUNT_COLUMN: Column<Row> = { header: 'ACCOUNT', value: (row) => accountOf(row) };

type Row = Record<string, unknown>;
interface PageAnswer {
  items: Row[];
  nextToken?: string;
}

const str = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
const enc = encodeURIComponent;

/** What a list command fetched: its items and, when it stopped at its limit with pages left, the next page's token. */
export interface ListResult {
  items: Row[];
  nextToken?: string;
}

/** Where a list starts and how many items it takes, across pages. */
export interface ListWindow {
  /** @default no limit: every page */
  max?: number;
  /** The `nextToken` a previous list stopped at. @default the first page */
  nextToken?: string;
}

/**
 * Items of a list route, following nextToken, up to `max` items; each page asks for only what is still wanted, so the
 * token returned continues exactly after the last item. The API may return a token with nothing behind it.
 */
export async function listAll(
  api: ApiClient,
  path: string,
  query: QueryValues,
  window: ListWindow = {},
): Promise<ListResult> {
  const max = window.max ?? Number.POSITIVE_INFINITY;
  const items: Row[] = [];
  let nextToken = window.nextToken;
  do {
    const page: PageAnswer = await api.get<PageAnswer>(path, {
      ...query,
      limit: Math.min(MAX_PAGE_SIZE, max - items.length),
      ...(nextToken ? { nextToken } : {}),
    });
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken && items.length < max);
  return { items: items.slice(0, max), ...(nextToken ? { nextToken } : {}) };
}

/** The API's largest page (`limit` 1-100). */
const MAX_PAGE_SIZE = 100;

/** `3 flows`, and when the list stopped with pages left, how to see them. */
function listFooter(list: ListResult, noun: string): string {
  const count = `${list.items.length} ${noun}${list.items.length === 1 ? '' : 's'}`;
  return list.nextToken
    ? `${count}; more pages exist: raise --limit, or continue with --next-token ${list.nextToken}`
    : count;
}

/** The `--json` answer of a list: the items, and the token to continue from when pages are left. */
function listData(list: ListResult): ListResult {
  return { items: list.items, ...(list.nextToken ? { nextToken: list.nextToken } : {}) };
}

/** A flow ARN for a name or an ARN: names resolve through `GET /flows?namePrefix=<name>`, and must match exactly one flow. */
export async function resolveFlowArn(api: ApiClient, nameOrArn: string, target: TargetFilter = {}): Promise<string> {
  return resolveArn(api, '/flows', 'flow', nameOrArn, target);
}

/** A MediaLive channel ARN for a name or an ARN, resolved like a flow's through `GET /channels?namePrefix=<name>`. */
export async function resolveChannelArn(api: ApiClient, nameOrArn: string, target: TargetFilter = {}): Promise<string> {
  return resolveArn(api, '/channels', 'channel', nameOrArn, target);
}

/**
 * The ARN of the one resource of a list route named exactly `nameOrArn` (an ARN is taken as it is), among the targets
 * `target` covers. Two accounts may hold resources of one name: the error lists them with their accounts.
 */
async function resolveArn(
  api: ApiClient,
  listPath: string,
  noun: string,
  nameOrArn: string,
  target: TargetFilter,
): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const { items: candidates } = await listAll(
    api,
    listPath,
    { ...targetQuery(target), namePrefix: nameOrArn },
    { max: 1000 },
  );
  const exact = candidates.filter((item) => item.name === nameOrArn);
  if (exact.length === 1) return String(exact[0]?.arn);
  if (exact.length === 0) {
    const similar = candidates.slice(0, 5).map((f) => f.name);
    throw new CliUsageError(
      `No ${noun} is named "${nameOrArn}"${similar.length ? `; ${noun}s starting with it: ${similar.join(', ')}` : ''}`,
    );
  }
  throw new CliUsageError(
    `${exact.length} ${noun}s are named "${nameOrArn}"; ${ambiguityText(exact.map((row) => ({ arn: String(row.arn), account: accountOf(row) })))}`,
  );
}

/**
 * How to pick one of several resources of one name: by ARN, or, when they are in several accounts, by --account;
 * then the candidates, with their accounts when those differ (`channel arn:… (account 222222222222)`).
 */
function ambiguityText(candidates: readonly { arn: string; account?: string | undefined; noun?: string }[]): string {
  const accounts = new Set(candidates.map((c) => c.account)).size > 1;
  const listed = candidates.map(
    (c) => `${c.noun ? `${c.noun} ` : ''}${c.arn}${accounts && c.account ? ` (account ${c.account})` : ''}`,
  );
  return `give the ARN${accounts ? ' or --account' : ''}: ${listed.join(', ')}`;
}

async function resolveEntitlementArn(api: ApiClient, flowArn: string, nameOrArn: string): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const flow = await api.get<{ entitlements: Row[] }>(`/flows/${enc(flowArn)}`);
  const match = flow.entitlements.find((e) => e.name === nameOrArn);
  if (!match) throw new CliUsageError(`The flow has no entitlement named "${nameOrArn}"`);
  return String(match.arn);
}

const FLOW_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'NAME', value: (f) => str(f.name), max: 40 },
  { header: 'STATUS', value: (f) => str(f.status) },
  {
    header: 'HEALTH',
    value: (f) => str((f.health as Row | undefined)?.state ?? (f.health as Row | undefined)?.status),
  },
  { header: 'AZ', value: (f) => str(f.availabilityZone) },
  { header: 'SOURCE', value: (f) => str(f.sourceType) },
  { header: 'POLLING', value: (f) => pollingText(f.polling as Row | undefined) },
  { header: 'ARN', value: (f) => str(f.arn) },
];

export async function flowsCommand(
  ctx: CommandContext,
  filters: { status?: string; namePrefix?: string; tag?: string; includeDeleted?: boolean },
  window: ListWindow = {},
): Promise<CommandOutput> {
  const list = await listAll(
    ctx.api,
    '/flows',
    {
      ...targetQuery(ctx.target),
      status: filters.status,
      namePrefix: filters.namePrefix,
      tag: filters.tag,
      includeDeleted: filters.includeDeleted ? 'true' : undefined,
    },
    window,
  );
  const rows = filters.includeDeleted
    ? list.items.map((f) => (f.tombstone ? { ...f, status: `${String(f.status)} (deleted)` } : f))
    : list.items;
  return { data: listData(list), text: `${renderTable(rows, FLOW_COLUMNS)}\n${listFooter(list, 'flow')}` };
}

export async function flowCommand(ctx: CommandContext, nameOrArn: string): Promise<CommandOutput> {
  const arn = await resolveFlowArn(ctx.api, nameOrArn, ctx.target);
  const tree = await ctx.api.get<Row>(`/flows/${enc(arn)}`);
  return { data: tree, text: renderFlowTree(tree, ctx.now) };
}

/** The `flow` command's tree: the flow, its children with their latest metrics, alarms and links. */
export function renderFlowTree(tree: Row, now: number): string {
  const list = (key: string) => (tree[key] as Row[] | undefined) ?? [];
  const metricsLine = (metrics: Row | undefined) => {
    const latest = (metrics?.latest ?? {}) as Record<string, { v: number }>;
    return Object.entries(latest)
      .slice(0, 6)
      .map(([name, point]) => `${name}=${formatMetric(name, point.v)}`)
      .join(' ');
  };
  const withMetrics = (label: string, metrics: Row | undefined) => {
    const line = metricsLine(metrics);
    return line ? `${label}  [${line}]` : label;
  };
  const endpoint = (s: Row) =>
    [s.ingestIp ?? s.destination ?? s.listenerAddress, s.ingestPort ?? s.port].filter((v) => v !== undefined).join(':');
  const flowMetrics = tree.metrics as Row | undefined;
  const links = (tree.links ?? {}) as Record<string, string>;
  const children: TreeNode[] = [
    {
      label: `Sources (${list('sources').length})`,
      children: list('sources').map((s) => ({
        label: withMetrics(
          joinParts([s.name, s.protocol, endpoint(s), s.entitlementArn ? 'entitled' : undefined]),
          s.metrics as Row | undefined,
        ),
      })),
    },
    {
      label: `Outputs (${list('outputs').length})`,
      children: list('outputs').map((o) => ({
        label: withMetrics(joinParts([o.name, o.protocol, endpoint(o), o.status]), o.metrics as Row | undefined),
      })),
    },
    {
      label: `Entitlements (${list('entitlements').length})`,
      children: list('entitlements').map((e) => ({
        label: joinParts([
          e.name,
          e.status ?? e.entitlementStatus,
          `subscribers ${((e.subscribers as string[] | undefined) ?? []).join(',') || '-'}`,
          e.dataTransferSubscriberFeePercent !== undefined
            ? `fee ${String(e.dataTransferSubscriberFeePercent)}%`
            : undefined,
          (e.encryption as Row | undefined)?.keyType ? `encrypted ${String((e.encryption as Row).keyType)}` : undefined,
        ]),
      })),
    },
    {
      label: `Metrics${flowMetrics?.lastPolledAt ? ` (polled ${ago(String(flowMetrics.lastPolledAt), now)})` : ''}`,
      children: Object.entries((flowMetrics?.latest ?? {}) as Record<string, { v: number }>).map(([name, point]) => ({
        label: `${name} ${formatMetric(name, point.v)}`,
      })),
    },
    {
      label: `Alarms (${list('alarms').length})`,
      children: list('alarms').map((a) => ({ label: joinParts([a.name, a.state, a.reason]) })),
    },
    { label: 'Links', children: Object.entries(links).map(([name, url]) => ({ label: `${name}  ${url}` })) },
  ];
  const health = tree.health as Row | undefined;
  const root = joinParts([
    tree.name,
    tree.status,
    tree.deleted ? 'DELETED' : undefined,
    health ? `health ${String(health.state ?? health.status ?? JSON.stringify(health))}` : undefined,
    pollingText(tree.polling as Row | undefined),
    accountPart(tree),
  ]);
  return renderTree({ label: `${root}\n${String(tree.arn)}`, children });
}

export async function alarmsCommand(
  ctx: CommandContext,
  filters: { state?: string },
  window: ListWindow = {},
): Promise<CommandOutput> {
  const list = await listAll(ctx.api, '/alarms', { ...targetQuery(ctx.target), state: filters.state }, window);
  const table = renderTable(list.items, [
    ACCOUNT_COLUMN,
    { header: 'STATE', value: (a) => str(a.state) },
    { header: 'NAME', value: (a) => str(a.name), max: 60 },
    { header: 'SINCE', value: (a) => ago(str(a.since), ctx.now) },
    { header: 'RESOURCE', value: (a) => str(a.resourceArn ?? a.parentArn) },
    { header: 'REASON', value: (a) => str(a.reason), max: 80 },
    { header: 'AFFECTS', value: (a) => impactsText(a), max: 80 },
  ]);
  return { data: listData(list), text: `${table}\n${listFooter(list, 'alarm')}` };
}

/** An alarm's downstream impact (`impacts`, nearest first) by name, `…` when the stored list was cut short. */
function impactsText(alarm: Row): string | undefined {
  const impacts = (alarm.impacts as Row[] | undefined) ?? [];
  if (impacts.length === 0) return undefined;
  return `${impacts.map((i) => String(i.name ?? i.arn)).join(', ')}${alarm.impactsTruncated ? ', …' : ''}`;
}

/** How many events `events` shows when no --limit is given. */
export const DEFAULT_EVENTS_LIMIT = 50;

export async function eventsCommand(
  ctx: CommandContext,
  resource: string,
  filters: { since?: string },
  window: ListWindow = {},
): Promise<CommandOutput> {
  const resourceArn = await resolveFlowArn(ctx.api, resource, ctx.target);
  const list = await listAll(
    ctx.api,
    '/events',
    { resourceArn, since: filters.since },
    { max: DEFAULT_EVENTS_LIMIT, ...window },
  );
  const table = renderTable(list.items, [
    { header: 'TIME', value: (e) => str(e.time) },
    { header: 'KIND', value: (e) => str(e.kind) },
    { header: 'WHAT', value: (e) => eventSummary(e), max: 100 },
  ]);
  return { data: listData(list), text: `${table}\n${listFooter(list, 'event')}` };
}

function eventSummary(event: Row): string {
  if (event.kind === 'audit') return joinParts([event.action, event.outcome, `by ${String(event.actor)}`, event.error]);
  const parts = [
    event.detailType,
    event.state,
    event.currentStatus ?? event.status,
    event.message ?? event.reason ?? event.summary,
  ];
  const text = joinParts(parts);
  return (
    text ||
    JSON.stringify(
      Object.fromEntries(Object.entries(event).filter(([k]) => !['time', 'id', 'kind'].includes(k))),
    ).slice(0, 100)
  );
}

/** The summary's `changePath` block, as the API answers it (lambdas/api/monitoring/summary.ts). */
export interface ChangePathView {
  status: string;
  lastEventAt?: string;
  unconfirmedCalls?: number;
  oldestUnconfirmedAt?: string;
  overdue?: string[];
  sweepPeriodMinutes?: number;
}

const minutesSince = (iso: string | undefined, now: number): number | undefined => {
  const at = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(at) ? Math.max(0, Math.round((now - at) / 60_000)) : undefined;
};

/**
 * One line on the change path: `change path: live (last event 2 min ago)`, `change path: broken: StopFlow AwardsShow
 * unreported for 17 min — is there a CloudTrail trail?`, `change path: off`; then the sweep period it sets.
 */
export function changePathLine(view: ChangePathView, now: number): string {
  const sweep = view.sweepPeriodMinutes !== undefined ? `  [sweep ${view.sweepPeriodMinutes} min]` : '';
  const lastEvent = minutesSince(view.lastEventAt, now);
  switch (view.status) {
    case 'live':
      return `change path: live (last event ${lastEvent ?? '?'} min ago)${sweep}`;
    case 'broken': {
      const [first, ...more] = view.overdue ?? [];
      // `StopFlow arn:aws:mediaconnect:…:flow:1-abc:AwardsShow` -> `StopFlow AwardsShow`
      const [eventName = 'a call', arn = ''] = (first ?? '').split(' ');
      const call = `${eventName} ${arn.split(/[:/]/).at(-1) ?? ''}`.trim();
      const also = more.length > 0 ? ` (and ${more.length} more)` : '';
      const age = minutesSince(view.oldestUnconfirmedAt, now);
      return `change path: broken: ${call}${also} unreported for ${age ?? '?'} min — is there a CloudTrail trail?${sweep}`;
    }
    case 'unproven':
      return `change path: unproven (no change event yet${view.unconfirmedCalls ? `; ${view.unconfirmedCalls} call(s) awaiting CloudTrail` : ''})${sweep}`;
    default:
      return `change path: ${view.status}${sweep}`;
  }
}

export async function summaryCommand(ctx: CommandContext): Promise<CommandOutput> {
  const summary = await ctx.api.get<Row>('/summary');
  const services = (summary.services ?? {}) as Record<
    string,
    { total: number; byStatus: Record<string, number>; deleted: number }
  >;
  const alarms = (summary.alarms ?? { active: 0, byState: {} }) as { active: number; byState: Record<string, number> };
  const pollers = (summary.pollers ?? []) as Row[];
  const changePath = summary.changePath as ChangePathView | undefined;
  const targets = Array.isArray(summary.targets) ? (summary.targets as Row[]) : [];
  const text = [
    `Account ${String(summary.account)}  Region ${String(summary.region)}`,
    ...(changePath ? [changePathLine(changePath, ctx.now)] : []),
    '',
    ...(targets.length ? [renderTargets(targets, ctx.now), ''] : []),
    renderTable(Object.entries(services), [
      { header: 'SERVICE', value: ([name]) => name },
      { header: 'TOTAL', value: ([, c]) => c.total },
      {
        header: 'BY STATUS',
        value: ([, c]) =>
          Object.entries(c.byStatus)
            .map(([s, n]) => `${s} ${n}`)
            .join(', '),
      },
      { header: 'DELETED', value: ([, c]) => c.deleted },
    ]),
    '',
    `Active alarms: ${alarms.active}${
      Object.keys(alarms.byState).length
        ? `  (${Object.entries(alarms.byState)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ')})`
        : ''
    }`,
    '',
    renderTable(pollers, [
      { header: 'POLLER', value: (p) => str(p.poller) },
      { header: 'REGION', value: (p) => str(p.region) },
      { header: 'LAST RUN', value: (p) => ago(str(p.lastRunAt), ctx.now) },
      { header: 'STALE', value: (p) => (p.stale ? 'STALE' : 'ok') },
      { header: 'ERRORS', value: (p) => str(p.errors) },
      { header: 'SWEEP', value: (p) => sweepLine(p.progress) },
    ]),
  ].join('\n');
  return { data: summary, text };
}

/**
 * The summary's `targets`, one row per watched account and Region: how the monitor reads it, what is stored of it, its
 * active alarms, its change path, and its pollers' last cycle, with the first failing poller named (a target whose
 * credentials fail shows `credentials-failed: AccessDenied (mediaconnect-inventory)`).
 */
export function renderTargets(targets: readonly Row[], now: number): string {
  return renderTable(targets, [
    { header: 'ACCOUNT', value: (t) => str(t.account) },
    { header: 'REGION', value: (t) => str(t.region) },
    { header: 'CREDENTIALS', value: (t) => credentialsText(t.credentials) },
    { header: 'OPERATOR', value: (t) => (t.operator === null ? 'none' : credentialsText(t.operator)) },
    { header: 'RESOURCES', value: (t) => countsText(t.counts), max: 60 },
    { header: 'ALARMS', value: (t) => activeAlarms(t.activeAlarms ?? t.alarms) },
    { header: 'CHANGE PATH', value: (t) => str(statusOf(t.changePath)) },
    { header: 'LAST CYCLE', value: (t) => ago(latestCycleAt(pollersOf(t)), now) },
    { header: 'OUTCOME', value: (t) => outcomeText(pollersOf(t)), max: 80 },
  ]);
}

const statusOf = (value: unknown): unknown =>
  value && typeof value === 'object' ? (value as Row).status : (value ?? undefined);

function credentialsText(value: unknown): string | undefined {
  return str(value && typeof value === 'object' ? (value as Row).type : value);
}

/** `mediaconnect:flow 6, medialive:channel 2`: what the inventories listed, by type (a count or `{total}` each). */
function countsText(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (!value || typeof value !== 'object') return undefined;
  const parts = Object.entries(value as Row)
    .map(([name, count]) => [name, typeof count === 'number' ? count : (count as Row | null)?.total] as const)
    .filter((entry): entry is readonly [string, number] => typeof entry[1] === 'number');
  return parts.length ? parts.map(([name, n]) => `${name} ${n}`).join(', ') : undefined;
}

function activeAlarms(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  const active = value && typeof value === 'object' ? (value as Row).active : undefined;
  return typeof active === 'number' ? active : undefined;
}

/** A target's pollers, each `{poller, at, outcome, errors, stale}`: the API keys them by poller name. */
function pollersOf(target: Row): Row[] {
  const pollers = target.pollers;
  if (Array.isArray(pollers)) return pollers as Row[];
  if (pollers && typeof pollers === 'object')
    return Object.entries(pollers as Record<string, Row>).map(([poller, p]) => ({ poller, ...p }));
  return [];
}

const cycleOf = (p: Row): Row => ({ ...p, ...((p.lastCycle as Row | undefined) ?? {}) });

function latestCycleAt(pollers: readonly Row[]): string | undefined {
  const times = pollers
    .map(cycleOf)
    .map((c) => str(c.at ?? c.lastRunAt ?? c.finishedAt ?? c.startedAt))
    .filter((t): t is string => t !== undefined && Number.isFinite(Date.parse(t)));
  return times.sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/**
 * `ok`, `no cycle yet`, or what is wrong with the first poller that is not fine: `credentials-failed: AccessDenied
 * (medialive-inventory)`, `STALE (metrics)`, `2 errors (mediaconnect-inventory)`.
 */
function outcomeText(pollers: readonly Row[]): string {
  if (pollers.length === 0) return 'no cycle yet';
  const problems = pollers.map(cycleOf).flatMap((c) => {
    const problem = pollerProblem(c);
    return problem ? [`${problem} (${String(c.poller ?? '?')})`] : [];
  });
  if (problems.length === 0) return 'ok';
  return `${problems[0]}${problems.length > 1 ? ` +${problems.length - 1} more` : ''}`;
}

function pollerProblem(cycle: Row): string | undefined {
  const errors = Array.isArray(cycle.errors) ? cycle.errors.map(String) : [];
  const count = typeof cycle.errors === 'number' ? cycle.errors : errors.length;
  const outcome = str(cycle.outcome);
  if (outcome === 'never') return 'no cycle yet';
  if (outcome !== undefined && outcome !== 'ok') return `${outcome}${errors.length ? `: ${errors.join(', ')}` : ''}`;
  if (cycle.stale === true) return 'STALE';
  return count > 0 ? `${count} error${count === 1 ? '' : 's'}` : undefined;
}

export async function flowStateCommand(
  ctx: CommandContext,
  action: 'start' | 'stop',
  flow: string,
): Promise<CommandOutput> {
  const arn = await resolveFlowArn(ctx.api, flow, ctx.target);
  const answer = await ctx.api.post<Row>(`/flows/${enc(arn)}/${action}`);
  return {
    data: answer,
    text: `${action === 'start' ? 'Starting' : 'Stopping'} ${flow}: ${String(answer.status ?? 'requested')}${answer.refreshed ? '' : ' (stored state not refreshed yet)'}`,
  };
}

export async function pollingCommand(
  ctx: CommandContext,
  flow: string,
  settings: { enabled: boolean; intervalSeconds: number },
): Promise<CommandOutput> {
  const arn = await resolveFlowArn(ctx.api, flow, ctx.target);
  const answer = await ctx.api.put<Row>(`/flows/${enc(arn)}/polling`, settings);
  return { data: answer, text: `Polling of ${flow}: ${pollingText(answer.polling as Row)}` };
}

export async function repollCommand(ctx: CommandContext, resource: string): Promise<CommandOutput> {
  const resourceArn = await resolveFlowArn(ctx.api, resource, ctx.target);
  const answer = await ctx.api.post<Row>('/polls', { resourceArn });
  return {
    data: answer,
    text: answer.coalesced ? `A re-poll of ${resource} is already under way` : `Re-polled ${resource}`,
  };
}

export interface EntitlementFields {
  name?: string;
  subscribers?: string[];
  description?: string;
  dataTransferSubscriberFeePercent?: number;
  entitlementStatus?: 'ENABLED' | 'DISABLED';
  encryption?: Record<string, string>;
}

export async function grantCommand(
  ctx: CommandContext,
  flow: string,
  fields: EntitlementFields,
): Promise<CommandOutput> {
  const arn = await resolveFlowArn(ctx.api, flow, ctx.target);
  const answer = await ctx.api.post<Row>(`/flows/${enc(arn)}/entitlements`, fields);
  const handoff = (answer.subscriberHandoff ?? {}) as Row;
  const encryption = handoff.encryption as Row | undefined;
  const text = [
    `Granted ${String(answer.name ?? fields.name)} on ${flow}`,
    `Entitlement ARN: ${String(answer.entitlementArn)}`,
    '',
    'Give the subscriber:',
    `  Entitlement ARN         ${String(handoff.entitlementArn)}`,
    `  Region                  ${String(handoff.region)}`,
    `  Data transfer fee share ${String(handoff.dataTransferSubscriberFeePercent)}%`,
    ...(encryption
      ? [
          `  Encryption              ${String(encryption.keyType)} ${String(encryption.algorithm)} (share the key out of band)`,
        ]
      : []),
  ].join('\n');
  return { data: answer, text };
}

export async function updateEntitlementCommand(
  ctx: CommandContext,
  flow: string,
  entitlement: string,
  fields: EntitlementFields,
): Promise<CommandOutput> {
  const flowArn = await resolveFlowArn(ctx.api, flow, ctx.target);
  const entitlementArn = await resolveEntitlementArn(ctx.api, flowArn, entitlement);
  const answer = await ctx.api.patch<Row>(`/flows/${enc(flowArn)}/entitlements/${enc(entitlementArn)}`, fields);
  return { data: answer, text: `Updated ${entitlement}: ${joinParts([answer.entitlementStatus, answer.description])}` };
}

export async function revokeCommand(ctx: CommandContext, flow: string, entitlement: string): Promise<CommandOutput> {
  const flowArn = await resolveFlowArn(ctx.api, flow, ctx.target);
  const entitlementArn = await resolveEntitlementArn(ctx.api, flowArn, entitlement);
  const answer = await ctx.api.delete<Row>(`/flows/${enc(flowArn)}/entitlements/${enc(entitlementArn)}`);
  return { data: answer, text: `Revoked ${entitlement} (${entitlementArn})` };
}

const CHANNEL_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'NAME', value: (c) => str(c.name), max: 40 },
  { header: 'STATE', value: (c) => str(c.status) },
  { header: 'CLASS', value: (c) => str(c.channelClass) },
  { header: 'PIPELINES', value: (c) => str(c.pipelinesRunningCount) },
  { header: 'ARN', value: (c) => str(c.arn) },
];

const INPUT_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'NAME', value: (i) => str(i.name), max: 40 },
  { header: 'STATE', value: (i) => str(i.status) },
  { header: 'TYPE', value: (i) => str(i.inputType) },
  { header: 'CHANNELS', value: (i) => ((i.attachedChannelIds as string[] | undefined) ?? []).join(',') },
  { header: 'ARN', value: (i) => str(i.arn) },
];

const INPUT_DEVICE_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'NAME', value: (d) => str(d.name), max: 40 },
  { header: 'CONNECTION', value: (d) => str(d.status) },
  { header: 'DEVICE', value: (d) => str(d.deviceState) },
  { header: 'TYPE', value: (d) => str(d.deviceType) },
  { header: 'ACTIVE INPUT', value: (d) => str(d.activeInput) },
  { header: 'MAX BITRATE', value: (d) => (typeof d.maxBitrate === 'number' ? `${d.maxBitrate / 1e6} Mb/s` : '') },
  { header: 'ARN', value: (d) => str(d.arn) },
];

/** Filters of the MediaLive list commands. */
export interface MediaLiveListFilters {
  status?: string;
  namePrefix?: string;
  includeDeleted?: boolean;
}

async function mediaLiveList(
  ctx: CommandContext,
  path: string,
  noun: string,
  columns: Column<Row>[],
  filters: MediaLiveListFilters,
  window: ListWindow,
): Promise<CommandOutput> {
  const list = await listAll(
    ctx.api,
    path,
    {
      ...targetQuery(ctx.target),
      status: filters.status,
      namePrefix: filters.namePrefix,
      includeDeleted: filters.includeDeleted ? 'true' : undefined,
    },
    window,
  );
  const rows = list.items.map((r) => (r.tombstone ? { ...r, status: `${String(r.status)} (deleted)` } : r));
  return { data: listData(list), text: `${renderTable(rows, columns)}\n${listFooter(list, noun)}` };
}

export function channelsCommand(
  ctx: CommandContext,
  filters: MediaLiveListFilters,
  window: ListWindow = {},
): Promise<CommandOutput> {
  return mediaLiveList(ctx, '/channels', 'channel', CHANNEL_COLUMNS, filters, window);
}

const V2_CHANNEL_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'GROUP', value: (c) => str(c.channelGroupName), max: 40 },
  { header: 'NAME', value: (c) => str(c.tombstone ? `${str(c.name)} (deleted)` : c.name), max: 40 },
  { header: 'INPUT', value: (c) => str(c.inputType) },
  { header: 'ARN', value: (c) => str(c.arn) },
];

/** `mediamon v2-channels`: MediaPackage v2 channels (`GET /mediapackagev2/channels`). MediaPackage has no state. */
export async function v2ChannelsCommand(
  ctx: CommandContext,
  filters: Omit<MediaLiveListFilters, 'status'>,
  window: ListWindow = {},
): Promise<CommandOutput> {
  const list = await listAll(
    ctx.api,
    '/mediapackagev2/channels',
    {
      ...targetQuery(ctx.target),
      namePrefix: filters.namePrefix,
      includeDeleted: filters.includeDeleted ? 'true' : undefined,
    },
    window,
  );
  return {
    data: listData(list),
    text: `${renderTable(list.items, V2_CHANNEL_COLUMNS)}\n${listFooter(list, 'channel')}`,
  };
}

export function inputsCommand(
  ctx: CommandContext,
  filters: MediaLiveListFilters,
  window: ListWindow = {},
): Promise<CommandOutput> {
  return mediaLiveList(ctx, '/inputs', 'input', INPUT_COLUMNS, filters, window);
}

/** Filters of the MediaPackage v1 list commands (`--id-prefix`, `--channel`, `--include-deleted`). */
export interface PackageListFilters {
  idPrefix?: string;
  channelId?: string;
  includeDeleted?: boolean;
}

const PACKAGE_CHANNEL_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'ID', value: (c) => str(c.name), max: 40 },
  { header: 'STATE', value: (c) => (c.tombstone ? 'deleted' : '') },
  { header: 'ARN', value: (c) => str(c.arn) },
];

const ORIGIN_ENDPOINT_COLUMNS: Column<Row>[] = [
  ACCOUNT_COLUMN,
  { header: 'ID', value: (e) => str(e.name), max: 40 },
  { header: 'CHANNEL', value: (e) => str(e.channelId) },
  { header: 'PACKAGING', value: (e) => str((e.packaging as Row | undefined)?.type) },
  { header: 'STATE', value: (e) => (e.tombstone ? 'deleted' : '') },
  { header: 'ARN', value: (e) => str(e.arn) },
];

async function packageList(
  ctx: CommandContext,
  path: string,
  noun: string,
  columns: Column<Row>[],
  filters: PackageListFilters,
  window: ListWindow,
): Promise<CommandOutput> {
  const list = await listAll(
    ctx.api,
    path,
    {
      ...targetQuery(ctx.target),
      idPrefix: filters.idPrefix,
      channelId: filters.channelId,
      includeDeleted: filters.includeDeleted ? 'true' : undefined,
    },
    window,
  );
  return { data: listData(list), text: `${renderTable(list.items, columns)}\n${listFooter(list, noun)}` };
}

/** `mediamon package-channels`: MediaPackage v1 channels (`GET /mediapackage/channels`). */
export function packageChannelsCommand(
  ctx: CommandContext,
  filters: PackageListFilters,
  window: ListWindow = {},
): Promise<CommandOutput> {
  return packageList(ctx, '/mediapackage/channels', 'channel', PACKAGE_CHANNEL_COLUMNS, filters, window);
}

/** `mediamon origin-endpoints`: MediaPackage v1 origin endpoints, all or one channel's (`--channel <Id>`). */
export function originEndpointsCommand(
  ctx: CommandContext,
  filters: PackageListFilters,
  window: ListWindow = {},
): Promise<CommandOutput> {
  return packageList(
    ctx,
    '/mediapackage/origin-endpoints',
    'origin endpoint',
    ORIGIN_ENDPOINT_COLUMNS,
    filters,
    window,
  );
}

export function inputDevicesCommand(
  ctx: CommandContext,
  filters: MediaLiveListFilters,
  window: ListWindow = {},
): Promise<CommandOutput> {
  return mediaLiveList(ctx, '/input-devices', 'input device', INPUT_DEVICE_COLUMNS, filters, window);
}

export async function channelCommand(ctx: CommandContext, nameOrArn: string): Promise<CommandOutput> {
  const arn = await resolveChannelArn(ctx.api, nameOrArn, ctx.target);
  const tree = await ctx.api.get<Row>(`/channels/${enc(arn)}`);
  return { data: tree, text: renderChannelTree(tree, ctx.now) };
}

/**
 * The `channel` command's tree: pipelines with their active input and latest health metrics, input attachments with
 * their failover, destinations, SET alerts, alarms and links.
 */
export function renderChannelTree(tree: Row, now: number): string {
  const list = (key: string) => (tree[key] as Row[] | undefined) ?? [];
  const setAlerts = list('alerts').filter((a) => a.state === 'SET');
  const pipelines: TreeNode[] = list('pipelines').map((p) => {
    const metrics = p.metrics as Row | undefined;
    const latest = (metrics?.latest ?? {}) as Record<string, { v: number }>;
    return {
      label: joinParts([
        `Pipeline ${String(p.pipelineId)}`,
        p.activeInputAttachmentName ? `active input ${String(p.activeInputAttachmentName)}` : undefined,
        metrics?.lastPolledAt ? `polled ${ago(String(metrics.lastPolledAt), now)}` : undefined,
      ]),
      children: Object.entries(latest).map(([name, point]) => ({ label: `${name} ${formatMetric(name, point.v)}` })),
    };
  });
  const failoverText = (failover: Row | undefined) =>
    failover
      ? joinParts([
          `failover to ${String(failover.secondaryInputId ?? '?')}`,
          failover.inputPreference,
          failover.errorClearTimeMsec !== undefined ? `clear ${String(failover.errorClearTimeMsec)}ms` : undefined,
        ])
      : undefined;
  const links = (tree.links ?? {}) as Record<string, string>;
  const children: TreeNode[] = [
    { label: `Pipelines (${pipelines.length})`, children: pipelines },
    {
      label: `Inputs (${list('attachments').length})`,
      children: list('attachments').map((a) => ({
        label: joinParts([
          a.name,
          a.inputId ? `input ${String(a.inputId)}` : undefined,
          failoverText(a.failover as Row),
        ]),
      })),
    },
    {
      label: `Destinations (${list('destinations').length})`,
      children: list('destinations').map((d) => ({
        label: joinParts([
          d.id,
          ...((d.urls as string[] | undefined) ?? []),
          ...((d.mediaPackageChannelIds as string[] | undefined) ?? []).map((id) => `MediaPackage ${id}`),
          ...((d.mediaConnectFlowArns as string[] | undefined) ?? []).map((arn) => `MediaConnect ${arn}`),
        ]),
      })),
    },
    {
      label: `Alerts (${setAlerts.length} set)`,
      children: setAlerts.map((a) => ({
        label: joinParts([
          a.alertType,
          a.pipeline !== undefined ? `pipeline ${String(a.pipeline)}` : undefined,
          a.setAt ? ago(String(a.setAt), now) : undefined,
          a.message,
        ]),
      })),
    },
    {
      label: `Alarms (${list('alarms').length})`,
      children: list('alarms').map((a) => ({ label: joinParts([a.name, a.state, a.reason]) })),
    },
    { label: 'Links', children: Object.entries(links).map(([name, url]) => ({ label: `${name}  ${url}` })) },
  ];
  const root = joinParts([
    tree.name,
    tree.status,
    tree.deleted ? 'DELETED' : undefined,
    tree.channelClass,
    tree.pipelinesRunningCount !== undefined ? `${String(tree.pipelinesRunningCount)} running` : undefined,
    accountPart(tree),
  ]);
  return renderTree({ label: `${root}\n${String(tree.arn)}`, children });
}

export async function channelStateCommand(
  ctx: CommandContext,
  action: 'start' | 'stop',
  channel: string,
): Promise<CommandOutput> {
  const arn = await resolveChannelArn(ctx.api, channel, ctx.target);
  const answer = await ctx.api.post<Row>(`/channels/${enc(arn)}/${action}`);
  return {
    data: answer,
    text: `${action === 'start' ? 'Starting' : 'Stopping'} channel ${channel}: ${String(answer.state ?? 'requested')}${answer.refreshed ? '' : ' (stored state not refreshed yet)'}`,
  };
}

function pollingText(polling: Row | undefined): string | undefined {
  if (!polling) return undefined;
  return polling.enabled === false ? 'polling off' : `every ${String(polling.intervalSeconds)}s`;
}

/** `account 222222222222` for a tree's root line, when the API names the account. */
function accountPart(tree: Row): string | undefined {
  return typeof tree.account === 'string' && tree.account ? `account ${tree.account}` : undefined;
}

function joinParts(parts: readonly unknown[]): string {
  return parts
    .filter((part) => part !== undefined && part !== null && part !== '')
    .map(String)
    .join('  ');
}

/** The list routes a `chain` name is looked up in, with the noun a candidate is shown with. */
const CHAIN_NAME_LISTS: readonly [path: string, noun: string][] = [
  ['/flows', 'flow'],
  ['/inputs', 'input'],
  ['/channels', 'channel'],
  ['/mediapackage/channels', 'MediaPackage channel'],
  ['/mediapackagev2/channels', 'MediaPackage v2 channel'],
];

/**
 * The ARN of the one resource named exactly `nameOrArn` among flows, MediaLive inputs and channels, and MediaPackage
 * channels (an ARN is taken as it is). A list the API does not serve (404, an API without MediaPackage) is skipped.
 */
export async function resolveChainArn(api: ApiClient, nameOrArn: string, target: TargetFilter = {}): Promise<string> {
  if (nameOrArn.startsWith('arn:')) return nameOrArn;
  const lists = await Promise.all(
    CHAIN_NAME_LISTS.map(async ([path, noun]) => {
      try {
        const { items } = await listAll(api, path, { ...targetQuery(target), namePrefix: nameOrArn }, { max: 1000 });
        return items.map((item) => ({ noun, name: str(item.name), arn: String(item.arn), account: accountOf(item) }));
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404 && error.code === 'RouteNotFound') return [];
        throw error;
      }
    }),
  );
  const candidates = lists.flat();
  const exact = candidates.filter((c) => c.name === nameOrArn);
  if (exact.length === 1) return (exact[0] as { arn: string }).arn;
  if (exact.length === 0) {
    const similar = candidates.slice(0, 5).map((c) => `${c.noun} ${String(c.name)}`);
    throw new CliUsageError(
      `No flow, input, channel or MediaPackage channel is named "${nameOrArn}"${similar.length ? `; starting with it: ${similar.join(', ')}` : ''}`,
    );
  }
  throw new CliUsageError(`${exact.length} resources are named "${nameOrArn}"; ${ambiguityText(exact)}`);
}

export interface ChainOptions {
  direction?: 'upstream' | 'downstream' | 'both';
  depth?: number;
}

export async function chainCommand(
  ctx: CommandContext,
  nameOrArn: string,
  options: ChainOptions = {},
): Promise<CommandOutput> {
  const arn = await resolveChainArn(ctx.api, nameOrArn, ctx.target);
  const graph = await ctx.api.get<Row>(`/chains/${enc(arn)}`, { direction: options.direction, depth: options.depth });
  return { data: graph, text: renderChain(graph) };
}

/**
 * The `chain` command's view: what feeds the resource above it (each node under the one it feeds), the resource, and
 * what it feeds below it, every node with its type, name, status, health and active alarms, every edge with its types.
 */
export function renderChain(graph: Row): string {
  const nodes = (graph.nodes as Row[] | undefined) ?? [];
  const edges = (graph.edges as Row[] | undefined) ?? [];
  const byArn = new Map(nodes.map((n) => [String(n.arn), n]));
  const root = byArn.get(String(graph.root)) ?? { arn: graph.root, alarms: [], depth: 0 };
  const shown = new Set<string>([String(root.arn)]);
  const edgeLabel = (edge: Row, arrow: string) =>
    `${arrow}[${((edge.types as string[] | undefined) ?? []).join(',')}${edge.ambiguous ? ' ambiguous' : ''}]`;
  const branch = (node: Row, direction: 1 | -1): TreeNode[] => {
    const here = String(node.arn);
    const next = edges.filter((e) =>
      direction > 0
        ? e.from === here && (byArn.get(String(e.to))?.depth as number) === (node.depth as number) + 1
        : e.to === here && (byArn.get(String(e.from))?.depth as number) === (node.depth as number) - 1,
    );
    return next.map((edge) => {
      const other = byArn.get(String(direction > 0 ? edge.to : edge.from)) as Row;
      const label = `${edgeLabel(edge, direction > 0 ? '→' : '←')} ${chainNodeText(other)}`;
      if (shown.has(String(other.arn))) return { label: `${label}  (shown above)` };
      shown.add(String(other.arn));
      return { label, children: branch(other, direction) };
    });
  };
  const upstream = branch(root, -1);
  const downstream = branch(root, 1);
  const lines = [
    ...(upstream.length ? [renderTree({ label: 'upstream (what feeds it)', children: upstream }), ''] : []),
    `● ${chainNodeText(root)}`,
    `  ${String(root.arn)}`,
    ...(downstream.length ? ['', renderTree({ label: 'downstream (what it feeds)', children: downstream })] : []),
    '',
    `${nodes.length} node${nodes.length === 1 ? '' : 's'}, ${edges.length} edge${edges.length === 1 ? '' : 's'}${
      graph.truncated ? '; cut short by the depth or node limit (raise --depth)' : ''
    }`,
  ];
  return lines.join('\n');
}

function chainNodeText(node: Row): string {
  const alarms = ((node.alarms as Row[] | undefined) ?? []).length;
  const remote = node.remote as Row | undefined;
  return joinParts([
    node.name ?? node.arn,
    node.type ?? 'not monitored',
    node.status,
    node.health ? `health ${String(node.health)}` : undefined,
    alarms ? `${alarms} active alarm${alarms === 1 ? '' : 's'}` : undefined,
    remote ? `remote ${joinParts([remote.account, remote.region])}` : undefined,
  ]);
}

/**
 * A rolling sweep's progress in one short cell: `412/1000 left of 60 min, oldest 41 min` (`BEHIND` when the period is
 * not kept, `first picture pending` before every resource was described once); `-` for a poller without a pass.
 */
export function sweepLine(progress: unknown): string {
  if (!progress || typeof progress !== 'object') return '-';
  const p = progress as Record<string, unknown>;
  if (typeof p.total !== 'number' || typeof p.remaining !== 'number') return '-';
  const parts = [p.complete === true ? `${p.total} done` : `${p.remaining}/${p.total} left`];
  if (typeof p.periodMinutes === 'number') parts[0] += ` of ${p.periodMinutes} min`;
  if (typeof p.oldestDescriptionAgeSeconds === 'number')
    parts.push(`oldest ${Math.round(p.oldestDescriptionAgeSeconds / 60)} min`);
  else if (typeof p.periodMinutes === 'number' && !p.firstCompleteAt) parts.push('first picture pending');
  if (p.behind === true) parts.push('BEHIND');
  return parts.join(', ');
}
