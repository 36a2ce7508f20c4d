import { Readable } from 'node:stream';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeFlowCommand, ListFlowsCommand, MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { HttpRequest, HttpResponse } from '@smithy/protocol-http';
import {
  AwsCallCounter,
  instrumentClient,
  itemKind,
  operationName,
  writtenItemKinds,
} from '../../../bin/bench/call-counter';

/**
 * aws-sdk-client-mock replaces `send`, so a client's middleware never runs under it. These tests give real clients a
 * scripted HTTP handler instead: the whole middleware stack runs, serializers and retries included.
 */
interface ScriptedAnswer {
  status: number;
  body: unknown;
}

function scriptedHandler(answer: (request: HttpRequest) => ScriptedAnswer) {
  const requests: HttpRequest[] = [];
  return {
    requests,
    handler: {
      handle: async (request: HttpRequest) => {
        requests.push(request);
        const { status, body } = answer(request);
        return {
          response: new HttpResponse({
            statusCode: status,
            headers: { 'content-type': 'application/x-amz-json-1.0' },
            body: Readable.from([Buffer.from(JSON.stringify(body))]),
          }),
        };
      },
      updateHttpClientConfig: () => undefined,
      httpHandlerConfigs: () => ({}),
    },
  };
}

const config = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  endpoint: 'http://127.0.0.1:1',
};
const FLOW = 'arn:aws:mediaconnect:eu-west-1:123456789012:flow:1-abc:news';

function documentClient(answer: (request: HttpRequest) => ScriptedAnswer, maxAttempts = 1) {
  const scripted = scriptedHandler(answer);
  const client = new DynamoDBClient({ ...config, maxAttempts, requestHandler: scripted.handler as never });
  return { doc: DynamoDBDocumentClient.from(client), requests: scripted.requests };
}

const target = (request: HttpRequest) => String(request.headers['x-amz-target'] ?? '');

describe('AWS call counter', () => {
  let counter: AwsCallCounter;

  beforeEach(() => {
    counter = new AwsCallCounter();
  });

  it('counts each MediaConnect call once by service and operation', async () => {
    // Prepare
    const scripted = scriptedHandler((request) =>
      request.path.endsWith('/flows')
        ? { status: 200, body: { flows: [] } }
        : { status: 200, body: { flow: { flowArn: FLOW } } },
    );
    const client = new MediaConnectClient({ ...config, requestHandler: scripted.handler as never });
    instrumentClient(client, counter);

    // Act
    await client.send(new ListFlowsCommand({}));
    await client.send(new ListFlowsCommand({}));
    await client.send(new DescribeFlowCommand({ FlowArn: FLOW }));

    // Assess
    expect(counter.snapshot().calls).toEqual({ 'MediaConnect.ListFlows': 2, 'MediaConnect.DescribeFlow': 1 });
    expect(scripted.requests).toHaveLength(3);
  });

  it('counts DynamoDB items written by kind, and no item for reads', async () => {
    // Prepare
    const { doc } = documentClient((request) =>
      target(request).endsWith('Query') ? { status: 200, body: { Items: [], Count: 0 } } : { status: 200, body: {} },
    );
    instrumentClient(doc, counter);

    // Act
    await doc.send(new PutCommand({ TableName: 't', Item: { pk: `RES#${FLOW}`, sk: '#META', name: 'news' } }));
    await doc.send(new PutCommand({ TableName: 't', Item: { pk: `RES#${FLOW}`, sk: `OUTPUT#${FLOW}:o1` } }));
    await doc.send(
      new UpdateCommand({
        TableName: 't',
        Key: { pk: `RES#${FLOW}`, sk: `METRICS#FLOW#${FLOW}` },
        UpdateExpression: 'SET v = :v',
        ExpressionAttributeValues: { ':v': 1 },
      }),
    );
    await doc.send(
      new PutCommand({ TableName: 't', Item: { pk: 'POLLER#mediaconnect-inventory#1#r', sk: '#STATUS' } }),
    );
    await doc.send(
      new QueryCommand({
        TableName: 't',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'x' },
      }),
    );

    // Assess
    const counts = counter.snapshot();
    expect(counts.calls).toEqual({ 'DynamoDB.PutItem': 3, 'DynamoDB.UpdateItem': 1, 'DynamoDB.Query': 1 });
    expect(counts.itemsWritten).toEqual({ inventory: 2, metrics: 1, alarm: 0, pollerStatus: 1, event: 0, other: 0 });
  });

  it('counts a refused conditional write as refused, not as written or failed', async () => {
    // Prepare
    const { doc } = documentClient(() => ({
      status: 400,
      body: {
        __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
        message: 'The conditional request failed',
      },
    }));
    instrumentClient(doc, counter);

    // Act
    const write = doc.send(
      new PutCommand({
        TableName: 't',
        Item: { pk: `RES#${FLOW}`, sk: '#META' },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );

    // Assess
    await expect(write).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const counts = counter.snapshot();
    expect(counts.conditionalWritesRefused).toBe(1);
    expect(counts.itemsWritten.inventory).toBe(0);
    expect(counts.failures).toEqual({});
  });

  it('counts a call the SDK retried once, with its retry, and a call that failed as a failure', async () => {
    // Prepare
    let attempts = 0;
    const { doc, requests } = documentClient((request) => {
      if (target(request).endsWith('GetItem')) {
        return {
          status: 400,
          body: { __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException', message: 'no table' },
        };
      }
      attempts++;
      return attempts === 1
        ? {
            status: 500,
            body: { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'try again' },
          }
        : { status: 200, body: {} };
    }, 3);
    instrumentClient(doc, counter);

    // Act
    await doc.send(new PutCommand({ TableName: 't', Item: { pk: `RES#${FLOW}`, sk: '#META' } }));
    await expect(
      doc.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' }, sk: { S: 'b' } } })),
    ).rejects.toThrow();

    // Assess
    const counts = counter.snapshot();
    expect(requests).toHaveLength(3);
    expect(counts.calls).toEqual({ 'DynamoDB.PutItem': 1, 'DynamoDB.GetItem': 1 });
    expect(counts.retries).toBe(1);
    expect(counts.itemsWritten.inventory).toBe(1);
    expect(counts.failures).toEqual({ 'DynamoDB.GetItem': 1 });
  });

  it('gives the counts of one phase with since()', () => {
    // Prepare
    counter.recordCall('MediaConnect.ListFlows');
    counter.recordWrites(['inventory', 'inventory']);
    const before = counter.snapshot();
    counter.recordCall('MediaConnect.ListFlows');
    counter.recordCall('CloudWatch.GetMetricData');
    counter.recordWrites(['metrics']);

    // Act
    const phase = counter.since(before);

    // Assess
    expect(phase.calls).toEqual({ 'MediaConnect.ListFlows': 1, 'CloudWatch.GetMetricData': 1 });
    expect(phase.itemsWritten).toEqual({ inventory: 0, metrics: 1, alarm: 0, pollerStatus: 0, event: 0, other: 0 });
  });
});

describe('written item kinds', () => {
  it.each([
    [`RES#${FLOW}`, '#META', 'inventory'],
    [`RES#${FLOW}`, `SOURCE#${FLOW}:s`, 'inventory'],
    [`RES#${FLOW}`, `ENTITLEMENT#${FLOW}:e`, 'inventory'],
    [`RES#${FLOW}`, `METRICS#OUTPUT#${FLOW}:o`, 'metrics'],
    [`RES#${FLOW}`, 'ALARM#news-source-down', 'alarm'],
    ['POLLER#mediaconnect-metrics#1#r', '#STATUS', 'pollerStatus'],
    [`EVENTS#${FLOW}`, '2026-01-01T00:00:00Z#e1', 'event'],
    ['AUDIT#x', '1', 'other'],
  ] as const)('classifies pk %s sk %s as %s', (pk, sk, kind) => {
    // Act / Assess
    expect(itemKind(pk, sk)).toBe(kind);
  });

  it('reads marshalled keys of a low-level request', () => {
    // Act
    const kinds = writtenItemKinds('PutItem', { Item: { pk: { S: `RES#${FLOW}` }, sk: { S: '#META' } } });

    // Assess
    expect(kinds).toEqual(['inventory']);
  });

  it('does not count the unprocessed items of a BatchWriteItem', () => {
    // Prepare
    const put = (sk: string) => ({ PutRequest: { Item: { pk: `RES#${FLOW}`, sk } } });
    const input = { RequestItems: { t: [put('#META'), put(`METRICS#FLOW#${FLOW}`), put(`OUTPUT#${FLOW}:o`)] } };

    // Act
    const kinds = writtenItemKinds('BatchWriteItem', input, { UnprocessedItems: { t: [put('#META')] } });

    // Assess
    expect(kinds.sort()).toEqual(['inventory', 'metrics']);
  });

  it('counts the puts, updates and deletes of a transaction but not its condition checks', () => {
    // Prepare
    const key = (sk: string) => ({ pk: `RES#${FLOW}`, sk });
    const input = {
      TransactItems: [
        { Put: { Item: key('#META') } },
        { Update: { Key: key(`METRICS#FLOW#${FLOW}`) } },
        { Delete: { Key: key(`SOURCE#${FLOW}:s`) } },
        { ConditionCheck: { Key: key('#META') } },
      ],
    };

    // Act / Assess
    expect(writtenItemKinds('TransactWriteItems', input)).toEqual(['inventory', 'metrics', 'inventory']);
  });

  it('names an operation after its client and command', () => {
    // Act / Assess
    expect(operationName('CloudWatchClient', 'GetMetricDataCommand')).toBe('CloudWatch.GetMetricData');
    expect(operationName(undefined, undefined)).toBe('Unknown.Unknown');
  });
});
