import type { IncomingMessage } from 'node:http';
import * as z from 'zod';
import type { ChainGraph, Impact } from '../../lambdas/chain/link-model';
import { toProxyEvent } from './api-server';
import type { ChainSection, ChainState } from './chain-view';
import type { EstateView } from './estate-view';
import type { InvocationOutcome } from './local-functions';

/**
 * Reads what the terminal shows of the chain through the local REST API, as any client would: `GET /chains/{arn}` for
 * the main flow's chain and `GET /alarms?state=ALARM` for the impacts of active alarms. The answers are checked with
 * zod here, at the edge, and turned into the view's types; a 404 (no chains route yet, or no chain for the resource)
 * is "waiting for links", any other failure a line saying why, never an error that stops the view.
 */

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One GET on the REST API: a path with its query, e.g. `/alarms?state=ALARM`. */
export type LocalApiGet = (pathAndQuery: string) => Promise<ApiAnswer>;

type Invoke = (functionName: string, event: unknown) => Promise<InvocationOutcome>;

/**
 * GETs through the API function in-process (`runtime.invoke('api', …)`), with the proxy event API Gateway would send
 * (api-server.ts's `toProxyEvent`, given the few request fields it reads), as the read-only role: the view only reads.
 */
export function apiGetThrough(invoke: Invoke): LocalApiGet {
  return async (pathAndQuery) => {
    const request = {
      url: pathAndQuery,
      method: 'GET',
      rawHeaders: [],
      headers: {},
      httpVersion: '1.1',
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage;
    const outcome = await invoke('api', toProxyEvent(request, Buffer.alloc(0), { role: 'read-only' }));
    if (!outcome.ok)
      return { status: 502, body: { error: { code: outcome.errorType, message: outcome.errorMessage } } };
    const result = proxyResult.safeParse(outcome.result);
    if (!result.success)
      return { status: 502, body: { error: { code: 'BadResponse', message: 'not a proxy result' } } };
    let body: unknown;
    try {
      body = result.data.body ? JSON.parse(result.data.body) : undefined;
    } catch {
      body = result.data.body;
    }
    return { status: result.data.statusCode, body };
  };
}

const proxyResult = z.object({ statusCode: z.number().int(), body: z.string().optional() });

const resourceType = z.string() as unknown as z.ZodType<NonNullable<Impact['type']>>;
const remote = z.object({ account: z.string().optional(), region: z.string().optional() });

const chainGraphSchema = z.object({
  root: z.string(),
  nodes: z.array(
    z.object({
      arn: z.string(),
      type: resourceType.optional(),
      service: z.string().optional(),
      name: z.string().optional(),
      status: z.string().optional(),
      health: z.string().optional(),
      alarms: z
        .array(
          z.object({
            name: z.string(),
            state: z.string(),
            severity: z.string().optional(),
            since: z.string().optional(),
          }),
        )
        .default([]),
      monitored: z.boolean().default(true),
      remote: remote.optional(),
      depth: z.number(),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      types: z.array(z.string()),
      evidence: z.array(z.object({ field: z.string(), value: z.string() })).default([]),
      ambiguous: z.boolean().optional(),
      remote: z.boolean().optional(),
    }),
  ),
  truncated: z.boolean().default(false),
  reads: z.number().default(0),
});

const impactSchema = z.object({
  arn: z.string(),
  type: resourceType.optional(),
  name: z.string().optional(),
  depth: z.number(),
});

const alarmPage = z.object({
  items: z.array(z.object({ name: z.string(), impacts: z.array(impactSchema).optional() })),
  nextToken: z.string().optional(),
});

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** `502 BadGateway: …`, from an API error body when it has one. */
function failure(answer: ApiAnswer): string {
  const parsed = errorBody.safeParse(answer.body);
  return parsed.success
    ? `${answer.status} ${parsed.data.error.code}: ${parsed.data.error.message}`
    : `${answer.status}`;
}

/** The chain of `rootArn` as the view shows it: the graph, waiting (404), or unavailable with the reason. */
export async function readChain(get: LocalApiGet, rootArn: string, rootName: string): Promise<ChainSection> {
  const state = async (): Promise<ChainState> => {
    let answer: ApiAnswer;
    try {
      answer = await get(`/chains/${encodeURIComponent(rootArn)}`);
    } catch (error) {
      return { kind: 'unavailable', message: (error as Error).message };
    }
    if (answer.status === 404)
      return errorBody.safeParse(answer.body).data?.error.code === 'RouteNotFound'
        ? { kind: 'waiting', routeMissing: true }
        : { kind: 'waiting' };
    if (answer.status !== 200) return { kind: 'unavailable', message: failure(answer) };
    const parsed = chainGraphSchema.safeParse(answer.body);
    if (!parsed.success) return { kind: 'unavailable', message: 'the API answered something that is not a chain' };
    return { kind: 'graph', graph: parsed.data as ChainGraph };
  };
  return { rootName, state: await state() };
}

/** Pages of active alarms read for their impacts; the demo has a handful, a real estate rarely more. */
const MAX_ALARM_PAGES = 5;

/**
 * The impacts of every active alarm, by alarm name, from `GET /alarms?state=ALARM`. Empty when the API has none (before
 * the chain lands, or when it fails): the alarms are still shown, from the store, without their impacts.
 */
export async function readAlarmImpacts(get: LocalApiGet): Promise<Map<string, readonly Impact[]>> {
  const impacts = new Map<string, readonly Impact[]>();
  let nextToken: string | undefined;
  for (let page = 0; page < MAX_ALARM_PAGES; page++) {
    const query = `state=ALARM&limit=100${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
    const answer = await get(`/alarms?${query}`).catch(() => undefined);
    const parsed = answer?.status === 200 ? alarmPage.safeParse(answer.body) : undefined;
    if (!parsed?.success) break;
    for (const alarm of parsed.data.items) if (alarm.impacts?.length) impacts.set(alarm.name, alarm.impacts);
    nextToken = parsed.data.nextToken;
    if (!nextToken) break;
  }
  return impacts;
}

/**
 * The view with the chain of `mainFlow` (by name; waiting while the store has no such flow) and the impacts of its
 * active alarms, both read through the API. With `known`, the chain is that one, not read again.
 */
export async function withChain(
  view: EstateView,
  get: LocalApiGet,
  mainFlow: string,
  known?: ChainSection,
): Promise<EstateView> {
  const flow = view.flows.find((f) => f.name === mainFlow);
  const [chain, impacts] = await Promise.all([
    known ?? (flow ? readChain(get, flow.arn, flow.name) : { rootName: mainFlow, state: { kind: 'waiting' } as const }),
    readAlarmImpacts(get),
  ]);
  return {
    ...view,
    chain,
    flows: view.flows.map((f) =>
      f.alarms.some((a) => impacts.has(a.name))
        ? { ...f, alarms: f.alarms.map((a) => (impacts.has(a.name) ? { ...a, impacts: impacts.get(a.name) } : a)) }
        : f,
    ),
  };
}
