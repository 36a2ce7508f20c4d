import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { AbstractValueIterator } from 'abstract-level';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureStateTable, LOCAL_CREDENTIALS, startDynalite } from '../../../bin/local/emulators';

/**
 * dynalite 4 reads through abstract-level 3 iterators and "closes" them with `iterator.return()`, which abstract-level 3
 * iterators do not have: every Query and Scan left a LevelDB iterator open, holding its snapshot and cached entries.
 * That was the local runtime's memory growth; startDynalite closes them.
 */
describe('the local dynalite', () => {
  it('closes the LevelDB iterator of every Query', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'dynalite-iterators-'));
    const dynalite = await startDynalite({ path: dir });
    const client = new DynamoDBClient({
      endpoint: dynalite.endpoint,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    const close = jest.spyOn(AbstractValueIterator.prototype, 'close');
    try {
      await ensureStateTable(dynalite.endpoint, 'iterators');
      for (let i = 0; i < 5; i++)
        await client.send(new PutItemCommand({ TableName: 'iterators', Item: { pk: { S: 'p' }, sk: { S: `s${i}` } } }));
      close.mockClear();

      // Act
      for (let i = 0; i < 20; i++)
        await client.send(
          new QueryCommand({
            TableName: 'iterators',
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': { S: 'p' } },
            ...(i % 2 ? { Limit: 2 } : {}),
          }),
        );
      // The close runs after the response is sent.
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Assess
      expect(close.mock.calls.length).toBeGreaterThanOrEqual(20);
    } finally {
      close.mockRestore();
      client.destroy();
      await dynalite.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
