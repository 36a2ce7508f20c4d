import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StateStore } from '../../../lambdas/store/state-store';

const dynamoMock = mockClient(DynamoDBDocumentClient);
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ pk: `EVENTS#r${i}`, sk: `2024-05-14T10:00:00.000Z#m${i}`, type: 'event' }));

describe('StateStore.putAll (the history writes of one batch)', () => {
  beforeEach(() => dynamoMock.reset());

  it('writes 60 records in BatchWriteItem calls of at most 25', async () => {
    // Prepare
    dynamoMock.on(BatchWriteCommand).resolves({});
    const store = new StateStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'state');

    // Act
    const unwritten = await store.putAll(items(60));

    // Assess
    expect(unwritten).toEqual([]);
    const sizes = dynamoMock.commandCalls(BatchWriteCommand).map((c) => c.args[0].input.RequestItems?.state?.length);
    expect(sizes).toEqual([25, 25, 10]);
    expect(store.stats.puts).toBe(60);
  });

  it('retries unprocessed items and returns those still unprocessed after the last attempt', async () => {
    // Prepare
    const [first, second] = items(2);
    dynamoMock
      .on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { state: [{ PutRequest: { Item: first } }, { PutRequest: { Item: second } }] },
      })
      .resolvesOnce({ UnprocessedItems: { state: [{ PutRequest: { Item: second } }] } })
      .resolves({ UnprocessedItems: { state: [{ PutRequest: { Item: second } }] } });
    const store = new StateStore(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), 'state');

    // Act
    const unwritten = await store.putAll([first!, second!], 3);

    // Assess
    expect(unwritten).toEqual([second]);
    expect(dynamoMock).toHaveReceivedCommandTimes(BatchWriteCommand, 3);
    expect(store.stats.puts).toBe(1);
  });
});
