import * as z from 'zod';
import { isMediaPackageId, parseMediaPackageArn, type MediaPackageResourceKind } from '../../mediapackage/arn';
import { CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE } from '../../mediapackage/mediapackage-model';
import type { ResourceType } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import { pageQuery } from '../http/pagination';
import { listPage } from '../list-route';
import { selectTargets } from '../targets';
import { accountParam, booleanParam, regionParam, unsafeArnReason } from '../http/params';
import { defineRoute, json, Route } from '../http/router';
import { endpointArnsOfChannel, endpointViews, getOriginEndpoint, getPackageChannel } from './package-queries';

const TAG = 'MediaPackage';

/** The resource types the MediaPackage v1 routes list (and `/summary` counts). */
export const MEDIAPACKAGE_RESOURCE_TYPES: readonly ResourceType[] = [CHANNEL_TYPE, ORIGIN_ENDPOINT_TYPE];

/** A MediaPackage v1 ARN path parameter of one kind: AWS's (`…:channels/<guid>`) or moto's (`…:channel:<Id>`). */
function mediaPackageArn(kind: MediaPackageResourceKind) {
  const noun = kind === 'channel' ? 'channel' : 'origin endpoint';
  return z
    .string()
    .max(2048)
    .superRefine((value, ctx) => {
      const problem =
        unsafeArnReason(value) ??
        (parseMediaPackageArn(value)?.kind === kind ? undefined : `must be a MediaPackage ${noun} ARN`);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe(`A MediaPackage ${noun} ARN, URL-encoded.`);
}

const includeDeletedQuery = z.strictObject({ includeDeleted: booleanParam.default(false) });

const listQuery = (noun: string) => ({
  account: accountParam.optional(),
  region: regionParam.optional(),
  idPrefix: z.string().min(1).max(256).optional().describe(`${noun} whose Id starts with this (case-sensitive).`),
  includeDeleted: booleanParam.default(false).describe(`Include ${noun.toLowerCase()} deleted at AWS (tombstones).`),
  ...pageQuery,
});

/** The MediaPackage v1 routes: channels and origin endpoints, read-only. */
export const mediaPackageRoutes: Route<ApiDeps>[] = [
  defineRoute({
    method: 'GET',
    path: '/mediapackage/channels',
    operationId: 'listPackageChannels',
    summary:
      'List MediaPackage v1 channels of every watched target, or of the account and Region given, filtered by Id prefix.',
    tag: TAG,
    query: z.strictObject(listQuery('Channels')),
    responses: { 200: 'A page of channels.' },
    handle: async ({ query }, deps: ApiDeps) =>
      listPage(deps, 'listPackageChannels', CHANNEL_TYPE, query, query.idPrefix),
  }),
  defineRoute({
    method: 'GET',
    path: '/mediapackage/channels/{channelArn}',
    operationId: 'getPackageChannel',
    summary: 'A MediaPackage v1 channel with its ingest endpoints, latest metrics, alarms and origin endpoints.',
    tag: TAG,
    params: z.strictObject({ channelArn: mediaPackageArn('channel') }),
    query: includeDeletedQuery,
    responses: { 200: 'The channel.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(200, await getPackageChannel(deps.store, params.channelArn, query)),
  }),
  defineRoute({
    method: 'GET',
    path: '/mediapackage/origin-endpoints',
    operationId: 'listOriginEndpoints',
    summary:
      'List MediaPackage v1 origin endpoints of every watched target, or of the account and Region given, filtered by Id prefix, or all endpoints of ' +
      'one channel (channelId: one link-index Query, not paginated).',
    tag: TAG,
    query: z.strictObject({
      ...listQuery('Origin endpoints'),
      channelId: z
        .string()
        .refine(isMediaPackageId, 'must be a MediaPackage channel Id (letters, digits, _ and -)')
        .optional()
        .describe('Only the endpoints of the channel with this Id.'),
    }),
    responses: { 200: 'A page of origin endpoints.' },
    handle: async ({ query }, deps: ApiDeps) => {
      const { limit, nextToken, channelId, ...filters } = query;
      if (channelId) {
        // A channel has a handful of endpoints: the whole set in one answer, one link-index Query per selected target
        // (channel Ids are unique within an account and Region only).
        const targets = selectTargets(await deps.registry(), filters);
        const arns = await Promise.all(
          targets.map((t) => endpointArnsOfChannel(deps.store, { account: t.account, region: t.region, channelId })),
        );
        const items = await endpointViews(deps.store, [...new Set(arns.flat())]);
        const prefix = filters.idPrefix;
        return json(200, { items: prefix ? items.filter((i) => String(i.name).startsWith(prefix)) : items });
      }
      return listPage(
        deps,
        'listOriginEndpoints',
        ORIGIN_ENDPOINT_TYPE,
        { limit, nextToken, ...filters },
        filters.idPrefix,
      );
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/mediapackage/origin-endpoints/{endpointArn}',
    operationId: 'getOriginEndpoint',
    summary: 'A MediaPackage v1 origin endpoint with its packaging, latest metrics and alarms.',
    tag: TAG,
    params: z.strictObject({ endpointArn: mediaPackageArn('originEndpoint') }),
    query: includeDeletedQuery,
    responses: { 200: 'The origin endpoint.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) =>
      json(200, await getOriginEndpoint(deps.store, params.endpointArn, query)),
  }),
];
