import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  apiGetThrough,
  ApiAnswer,
  LocalApiGet,
  readAlarmImpacts,
  readChain,
  withChain,
} from '../../../bin/local/chain-reader';
import type { EstateView } from '../../../bin/local/estate-view';
import type { InvocationOutcome } from '../../../bin/local/local-functions';
import type { ChainGraph } from '../../../lambdas/chain/link-model';

const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:NewsHD-Primary';
const INPUT = 'arn:aws:medialive:eu-west-1:123456789012:input:1234567';
const CHANNEL = 'arn:aws:medialive:eu-west-1:123456789012:channel:7654321';
const ALARM = 'mediamonitor-Newsroom-Encoder-source-disconnected-1a2b3c4d';

const graph: ChainGraph = {
  root: FLOW,
  nodes: [
    {
      arn: FLOW,
      type: 'mediaconnect:flow',
      name: 'NewsHD-Primary',
      status: 'ACTIVE',
      alarms: [],
      monitored: true,
      depth: 0,
    },
    { arn: INPUT, type: 'medialive:input', name: 'NewsHD-MediaConnect', alarms: [], monitored: true, depth: 1 },
  ],
  edges: [
    { from: FLOW, to: INPUT, types: ['flow-input'], evidence: [{ field: 'mediaConnectFlows[].flowArn', value: FLOW }] },
  ],
  truncated: false,
  reads: 4,
};

/** A LocalApiGet that answers from a table by path and records what was asked. */
function fakeApi(answers: Record<string, ApiAnswer | Error>): LocalApiGet & { asked: string[] } {
  const asked: string[] = [];
  const get = async (path: string): Promise<ApiAnswer> => {
    asked.push(path);
    const answer = answers[path] ?? { status: 404, body: { error: { code: 'RouteNotFound', message: 'no route' } } };
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return Object.assign(get, { asked });
}

const chainPath = `/chains/${encodeURIComponent(FLOW)}`;

describe('reading the chain through the local API', () => {
  it('sends a GET proxy event for the path and query to the api function, as the read-only role', async () => {
    // Prepare
    const invoke = jest.fn(async (): Promise<InvocationOutcome> => ({
      ok: true,
      result: { statusCode: 200, body: JSON.stringify(graph) },
      durationMs: 3,
      requestId: 'r1',
    }));

    // Act
    const answer = await apiGetThrough(invoke)(`${chainPath}?depth=4`);

    // Assess
    expect(answer).toEqual({ status: 200, body: graph });
    expect(invoke).toHaveBeenCalledTimes(1);
    const [name, event] = invoke.mock.calls[0] as unknown as [string, APIGatewayProxyEvent];
    expect(name).toBe('api');
    expect(event).toMatchObject({
      httpMethod: 'GET',
      path: chainPath,
      queryStringParameters: { depth: '4' },
      headers: { 'x-mediamon-role': 'read-only' },
      body: null,
    });
  });

  it('answers 502 with the error when the api function fails', async () => {
    // Prepare
    const invoke = async (): Promise<InvocationOutcome> => ({
      ok: false,
      errorType: 'TimeoutError',
      errorMessage: 'Task timed out after 25 s',
      durationMs: 25_000,
      requestId: 'r2',
    });

    // Act
    const answer = await apiGetThrough(invoke)('/alarms');

    // Assess
    expect(answer).toEqual({
      status: 502,
      body: { error: { code: 'TimeoutError', message: 'Task timed out after 25 s' } },
    });
  });

  it('reads the graph of the main flow', async () => {
    // Prepare
    const api = fakeApi({ [chainPath]: { status: 200, body: graph } });

    // Act
    const section = await readChain(api, FLOW, 'NewsHD-Primary');

    // Assess
    expect(section).toEqual({ rootName: 'NewsHD-Primary', state: { kind: 'graph', graph } });
    expect(api.asked).toEqual([chainPath]);
  });

  it('waits for links on a 404 and says why on any other failure', async () => {
    // Prepare
    const noRoute = fakeApi({});
    const noChain = fakeApi({
      [chainPath]: { status: 404, body: { error: { code: 'ResourceNotFound', message: 'not stored' } } },
    });
    const failing = fakeApi({
      [chainPath]: { status: 500, body: { error: { code: 'InternalError', message: 'DynamoDB throttled' } } },
    });
    const throwing = fakeApi({ [chainPath]: new Error('socket hang up') });
    const garbled = fakeApi({ [chainPath]: { status: 200, body: { nodes: 'none' } } });

    // Act
    const states = await Promise.all(
      [noRoute, noChain, failing, throwing, garbled].map(
        async (api) => (await readChain(api, FLOW, 'NewsHD-Primary')).state,
      ),
    );

    // Assess
    expect(states).toEqual([
      { kind: 'waiting', routeMissing: true },
      { kind: 'waiting' },
      { kind: 'unavailable', message: '500 InternalError: DynamoDB throttled' },
      { kind: 'unavailable', message: 'socket hang up' },
      { kind: 'unavailable', message: 'the API answered something that is not a chain' },
    ]);
  });

  it('collects the impacts of active alarms across pages, by alarm name', async () => {
    // Prepare
    const api = fakeApi({
      '/alarms?state=ALARM&limit=100': {
        status: 200,
        body: {
          items: [{ name: ALARM, state: 'ALARM', impacts: [{ arn: CHANNEL, name: 'News-HD', depth: 2 }] }],
          nextToken: 't/1',
        },
      },
      '/alarms?state=ALARM&limit=100&nextToken=t%2F1': {
        status: 200,
        body: { items: [{ name: 'other-alarm', state: 'ALARM' }] },
      },
    });

    // Act
    const impacts = await readAlarmImpacts(api);

    // Assess
    expect([...impacts]).toEqual([[ALARM, [{ arn: CHANNEL, name: 'News-HD', depth: 2 }]]]);
    expect(api.asked).toHaveLength(2);
  });

  it('puts the chain and the impacts on the view, and waits while the main flow is not stored', async () => {
    // Prepare
    const api = fakeApi({
      [chainPath]: { status: 200, body: graph },
      '/alarms?state=ALARM&limit=100': {
        status: 200,
        body: { items: [{ name: ALARM, state: 'ALARM', impacts: [{ arn: INPUT, depth: 1 }] }] },
      },
    });
    const flow = {
      arn: FLOW,
      name: 'NewsHD-Primary',
      status: 'ACTIVE',
      sources: [],
      outputs: [],
      entitlements: [],
      alarms: [{ name: ALARM, state: 'ALARM', flowName: 'NewsHD-Primary' }],
    };
    const view: EstateView = { flows: [flow], pollers: [] };

    // Act
    const withFlow = await withChain(view, api, 'NewsHD-Primary');
    const without = await withChain({ flows: [], pollers: [] }, api, 'NewsHD-Primary');

    // Assess
    expect(withFlow.chain).toEqual({ rootName: 'NewsHD-Primary', state: { kind: 'graph', graph } });
    expect(withFlow.flows[0]?.alarms[0]?.impacts).toEqual([{ arn: INPUT, depth: 1 }]);
    expect(without.chain).toEqual({ rootName: 'NewsHD-Primary', state: { kind: 'waiting' } });
  });

  it('uses a chain it is given instead of reading it again, and still reads the impacts', async () => {
    // Prepare
    const api = fakeApi({});
    const known = { rootName: 'NewsHD-Primary', state: { kind: 'waiting', routeMissing: true } } as const;
    const view: EstateView = {
      flows: [
        {
          arn: FLOW,
          name: 'NewsHD-Primary',
          status: 'ACTIVE',
          sources: [],
          outputs: [],
          entitlements: [],
          alarms: [],
        },
      ],
      pollers: [],
    };

    // Act
    const result = await withChain(view, api, 'NewsHD-Primary', known);

    // Assess
    expect(result.chain).toBe(known);
    expect(api.asked).toEqual(['/alarms?state=ALARM&limit=100']);
  });
});
