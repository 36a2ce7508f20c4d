import * as z from 'zod';
import type { ResourceType } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import { pageQuery, pageRequest, pageResponse } from '../http/pagination';
import { accountParam, anyArn, isoTimeParam, regionParam } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { listAcrossTargets } from '../target-listing';
import { selectTargets, singleTarget } from '../targets';
import {
  changesResponseSchema,
  meResponseSchema,
  readChanges,
  RECENT_EVENTS_MAX,
  recentEvents,
  recentEventsResponseSchema,
} from './change-queries';
import { ALARM_STATES, listAlarms, listEvents } from './monitoring-queries';
import { forceRepoll } from './repoll-action';
import { fullSummary, quotaBlock, summaryResponseSchema } from './summary';

const TAG = 'Monitoring';

/** Routes across services: alarms, event history, the change feed, the caller, the summary and forced re-polls. */
export function monitoringRoutes(resourceTypes: readonly ResourceType[]): Route<ApiDeps>[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/alarms',
      operationId: 'listAlarms',
      summary: 'Alarms of every watched target, or of the account and Region given, by state.',
      tag: TAG,
      query: z.strictObject({
        state: z.enum(ALARM_STATES).optional(),
        account: accountParam.optional(),
        region: regionParam.optional(),
        ...pageQuery,
      }),
      responses: { 200: 'A page of alarms.' },
      handle: async ({ query }, deps: ApiDeps) => {
        const { limit, nextToken, ...filters } = query;
        const page = await listAcrossTargets(
          deps,
          { route: 'listAlarms', ...filters },
          { limit, nextToken, account: filters.account, region: filters.region },
          (target, request) =>
            listAlarms(
              deps.store,
              { account: target.account, region: target.region, ...(filters.state ? { state: filters.state } : {}) },
              request,
            ),
        );
        return json(200, page);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/events',
      operationId: 'listEvents',
      summary: "A resource's event history (status changes, alerts, alarms, audit records), newest first.",
      tag: TAG,
      query: z.strictObject({
        resourceArn: anyArn.describe('The resource ARN.'),
        since: isoTimeParam.optional(),
        ...pageQuery,
      }),
      responses: { 200: 'A page of events.' },
      handle: async ({ query }, deps: ApiDeps) => {
        const { limit, nextToken, resourceArn, since } = query;
        const scope = { route: 'listEvents', resourceArn, since: since?.toISOString() };
        const page = await listEvents(
          deps.store,
          { resourceArn, ...(since ? { since } : {}) },
          await pageRequest(deps.pageTokens, scope, { limit, nextToken }),
        );
        return json(200, await pageResponse(deps.pageTokens, scope, page.items, page.lastKey));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/events/recent',
      operationId: 'listRecentEvents',
      summary: 'The newest events across every resource of every watched target (or the account and Region given).',
      tag: TAG,
      query: z.strictObject({
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(RECENT_EVENTS_MAX)
          .default(10)
          .describe(`How many events, 1-${RECENT_EVENTS_MAX}.`),
        account: accountParam.optional(),
        region: regionParam.optional(),
      }),
      responses: { 200: 'The newest events, newest written first, each with its resourceArn.' },
      responseSchemas: { 200: recentEventsResponseSchema },
      handle: async ({ query }, deps: ApiDeps) => {
        const targets = selectTargets(await deps.registry(), query);
        return json(200, { items: await recentEvents(deps.store, targets, query.limit) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/changes',
      operationId: 'listChanges',
      summary:
        'What changed in the store since a cursor (resources, children, alarms, pollers, events), so a client ' +
        're-reads only that. Without `since`: no changes and a fresh cursor.',
      tag: TAG,
      query: z.strictObject({
        since: isoTimeParam.optional().describe('The `cursor` of the previous answer.'),
        account: accountParam.optional(),
        region: regionParam.optional(),
      }),
      responses: { 200: 'The changes, oldest first, and the next cursor.' },
      responseSchemas: { 200: changesResponseSchema },
      handle: async ({ query }, deps: ApiDeps) => {
        const nowMs = deps.clock.now();
        const targets = selectTargets(await deps.registry(), query);
        return json(200, await readChanges(deps.store, targets, query.since, nowMs));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/me',
      operationId: 'getCaller',
      summary: 'Who the API takes the caller for: the role and the IAM identity.',
      tag: TAG,
      responses: { 200: 'The caller.' },
      responseSchemas: { 200: meResponseSchema },
      handle: ({ caller }) => Promise.resolve(json(200, { role: caller.role, identityArn: caller.identityArn })),
    }),
    defineRoute({
      method: 'GET',
      path: '/summary',
      operationId: 'getSummary',
      summary:
        'Counts by service and status, alarms by state, the last run and staleness of each poller, and the change ' +
        "path's health with the sweep period it sets, of the deployment's own target (or the one asked for); and " +
        'one row per watched target: credential sources, last cycle of each poller, counts, active alarms, change path.',
      tag: TAG,
      query: z.strictObject({ account: accountParam.optional(), region: regionParam.optional() }),
      responses: { 200: 'The summary.' },
      responseSchemas: { 200: summaryResponseSchema },
      handle: async ({ query }, deps: ApiDeps) => {
        const registry = await deps.registry();
        const scope = singleTarget(registry, query);
        const targets = selectTargets(registry, query);
        const summary = await fullSummary(deps.store, registry, scope, targets, resourceTypes, deps.clock.now(), {
          changeEvents: deps.changeEvents ?? 'off',
          sweepPeriods: deps.sweepPeriods,
          pollerIntervals: deps.pollerIntervals,
        });
        return json(200, { ...summary, ...quotaBlock(deps.mediaConnectQuota, deps.mediaLiveQuota) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/polls',
      operationId: 'forceRepoll',
      summary: 'Re-poll one resource now, coalesced with event-triggered re-polls (operator).',
      tag: TAG,
      body: z.strictObject({
        resourceArn: anyArn.describe(
          'The ARN of the resource to re-poll: a MediaConnect flow, or a MediaLive channel, input or input device.',
        ),
      }),
      responses: { 202: 'Whether this request re-polled or was coalesced with a re-poll already under way.' },
      errors: [404, 413, 429, 502, 503],
      handle: async ({ body, caller, requestId }, deps: ApiDeps) =>
        json(202, await forceRepoll(deps, body.resourceArn, { caller, requestId })),
    }),
  ];
}
