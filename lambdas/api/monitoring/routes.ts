import * as z from 'zod';
import type { ResourceType } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import { pageQuery, pageRequest, pageResponse } from '../http/pagination';
import { accountParam, anyArn, isoTimeParam, regionParam } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { listAcrossTargets } from '../target-listing';
import { selectTargets, singleTarget } from '../targets';
import { ALARM_STATES, listAlarms, listEvents } from './monitoring-queries';
import { forceRepoll } from './repoll-action';
import { fullSummary, quotaBlock, summaryResponseSchema } from './summary';

const TAG = 'Monitoring';

/** Routes across services: alarms, event history, the summary and forced re-polls. */
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
