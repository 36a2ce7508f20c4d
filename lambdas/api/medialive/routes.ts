import * as z from 'zod';
import { CHANNEL_TYPE, INPUT_DEVICE_TYPE, INPUT_TYPE } from '../../medialive/medialive-model';
import type { ResourceType } from '../../store/keys';
import type { ApiDeps } from '../api-deps';
import { ApiError } from '../http/api-error';
import { pageQuery } from '../http/pagination';
import { accountParam, booleanParam, regionParam } from '../http/params';
import { ApiResult, defineRoute, json, Route } from '../http/router';
import { listPage } from '../list-route';
import { actionDepsFor } from '../targets';
import { ChannelAction, ChannelConflictError, changeChannelState } from './channel-actions';
import { getChannelTree, getInput } from './channel-queries';
import { mediaLiveArn } from './medialive-params';

const TAG = 'MediaLive';

/** MediaLive channel states (ChannelState). */
export const CHANNEL_STATES = [
  'CREATING',
  'CREATE_FAILED',
  'IDLE',
  'STARTING',
  'RUNNING',
  'RECOVERING',
  'STOPPING',
  'DELETING',
  'DELETED',
  'UPDATING',
  'UPDATE_FAILED',
] as const;
/** MediaLive input states (InputState). */
export const INPUT_STATES = ['CREATING', 'DETACHED', 'ATTACHED', 'DELETING', 'DELETED'] as const;
/** Input device connection states (InputDeviceConnectionState). */
export const INPUT_DEVICE_STATES = ['DISCONNECTED', 'CONNECTED'] as const;

/** The resource types the MediaLive routes list (and `/summary` counts). */
export const MEDIALIVE_RESOURCE_TYPES: readonly ResourceType[] = [CHANNEL_TYPE, INPUT_TYPE, INPUT_DEVICE_TYPE];

const channelParams = z.strictObject({ channelArn: mediaLiveArn('channel') });
const inputParams = z.strictObject({ inputArn: mediaLiveArn('input') });
const includeDeletedQuery = z.strictObject({ includeDeleted: booleanParam.default(false) });

function listQuery<S extends readonly [string, ...string[]]>(states: S, noun: string) {
  return z.strictObject({
    status: z.enum(states).optional(),
    account: accountParam.optional(),
    region: regionParam.optional(),
    namePrefix: z.string().min(1).max(256).optional().describe(`${noun} whose name starts with this (case-sensitive).`),
    includeDeleted: booleanParam.default(false).describe(`Include ${noun.toLowerCase()} deleted at AWS (tombstones).`),
    ...pageQuery,
  });
}

/** A list route over one MediaLive resource type: one GSI1 Query per page, page tokens bound to the filters. */
function listRoute<S extends readonly [string, ...string[]]>(spec: {
  path: string;
  operationId: string;
  summary: string;
  type: ResourceType;
  states: S;
  noun: string;
}): Route<ApiDeps> {
  return defineRoute({
    method: 'GET',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tag: TAG,
    query: listQuery(spec.states, spec.noun),
    responses: { 200: `A page of ${spec.noun.toLowerCase()}.` },
    handle: async ({ query }, deps: ApiDeps) => listPage(deps, spec.operationId, spec.type, query, query.namePrefix),
  });
}

function channelStateRoute(action: ChannelAction): Route<ApiDeps> {
  return defineRoute({
    method: 'POST',
    path: `/channels/{channelArn}/${action}`,
    operationId: `${action}Channel`,
    summary: `${action === 'start' ? 'Start' : 'Stop'} a channel (operator).`,
    tag: TAG,
    params: channelParams,
    responses: { 202: `MediaLive is ${action === 'start' ? 'starting' : 'stopping'} the channel.` },
    errors: [403, 404, 409, 429, 502, 503],
    handle: async ({ params, caller, requestId }, deps: ApiDeps) =>
      json(
        202,
        await withConflictCode(
          changeChannelState(await actionDepsFor(deps, params.channelArn), params.channelArn, action, {
            caller,
            requestId,
          }),
        ),
      ),
  });
}

/** A channel's state conflict answers 409 with its own code (`ChannelTransitioning`, …) rather than `Conflict`. */
async function withConflictCode<T>(action: Promise<T>): Promise<T> {
  try {
    return await action;
  } catch (error) {
    if (error instanceof ChannelConflictError) throw new ApiError(409, error.code, error.message);
    throw error;
  }
}

/** The MediaLive routes: channels (with start and stop), inputs and input devices. */
export const mediaLiveRoutes: Route<ApiDeps>[] = [
  listRoute({
    path: '/channels',
    operationId: 'listChannels',
    summary:
      'List MediaLive channels of every watched target, or of the account and Region given, filtered by state and name prefix.',
    type: CHANNEL_TYPE,
    states: CHANNEL_STATES,
    noun: 'Channels',
  }),
  defineRoute({
    method: 'GET',
    path: '/channels/{channelArn}',
    operationId: 'getChannel',
    summary: 'A channel with its pipelines, input attachments, destinations, alerts, latest metrics and alarms.',
    tag: TAG,
    params: channelParams,
    query: includeDeletedQuery,
    responses: { 200: 'The channel tree.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps): Promise<ApiResult> =>
      json(200, await getChannelTree(deps.store, params.channelArn, query)),
  }),
  channelStateRoute('start'),
  channelStateRoute('stop'),
  listRoute({
    path: '/inputs',
    operationId: 'listInputs',
    summary:
      'List MediaLive inputs of every watched target, or of the account and Region given, filtered by state and name prefix.',
    type: INPUT_TYPE,
    states: INPUT_STATES,
    noun: 'Inputs',
  }),
  defineRoute({
    method: 'GET',
    path: '/inputs/{inputArn}',
    operationId: 'getInput',
    summary: 'An input with its sources, destinations, MediaConnect flows, security groups and alarms.',
    tag: TAG,
    params: inputParams,
    query: includeDeletedQuery,
    responses: { 200: 'The input.' },
    errors: [404],
    handle: async ({ params, query }, deps: ApiDeps) => json(200, await getInput(deps.store, params.inputArn, query)),
  }),
  listRoute({
    path: '/input-devices',
    operationId: 'listInputDevices',
    summary:
      'List MediaLive input devices (Link) of every watched target, or of the account and Region given, filtered by connection state.',
    type: INPUT_DEVICE_TYPE,
    states: INPUT_DEVICE_STATES,
    noun: 'Input devices',
  }),
];
