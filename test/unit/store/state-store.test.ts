import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { StateStore, WRITING_ATTRIBUTE } from '../../../lambdas/store/state-store';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
const docMock = mockClient(doc);
const key = { pk: 'RES#arn:flow', sk: 'OUTPUT#arn:out' };
const root = { pk: 'RES#arn:flow', sk: '#META' };
const refused = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

describe('StateStore conditions', () => {
  let store: StateStore;

  beforeEach(() => {
    docMock.reset();
    store = new StateStore(doc, 'state');
  });

  it('puts a removed child as a content-less tombstone only over an older version', async () => {
    // Prepare
    docMock.on(PutCommand).resolves({});

    // Act
    const landed = await store.tombstoneIfNewer(key, 2_000, 3_600);

    // Assess
    expect(landed).toBe(true);
    expect(docMock).toHaveReceivedCommandWith(PutCommand, {
      TableName: 'state',
      Item: { ...key, version: 2_000, observedAt: new Date(2_000).toISOString(), tombstone: true, expiresAt: 3_600 },
      ConditionExpression: 'attribute_not_exists(pk) OR #version < :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':version': 2_000 },
    });
    expect(store.stats.deletes).toBe(1);
  });

  it('counts a refused tombstone as a stale skip', async () => {
    // Prepare
    docMock.on(PutCommand).rejects(refused());

    // Act
    const landed = await store.tombstoneIfNewer(key, 1_000, 3_600);

    // Assess
    expect(landed).toBe(false);
    expect(store.stats).toMatchObject({ deletes: 0, staleSkips: 1 });
  });

  it('claims a tree only over an older committed version and an older writer', async () => {
    // Prepare
    docMock.on(UpdateCommand).resolves({ Attributes: { treeHash: 'old' } });

    // Act
    const claim = await store.claimTree(root, 5_000, { treeHash: 'being-written', version: 1, pk: 'x' });

    // Assess
    expect(claim).toEqual({ claimed: true, existed: true, previous: { treeHash: 'old' } });
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: root,
      UpdateExpression: 'SET #writing = :version, #f0 = :f0',
      ConditionExpression:
        '(attribute_not_exists(#version) OR #version < :version) AND (attribute_not_exists(#writing) OR #writing < :version)',
      ExpressionAttributeNames: { '#version': 'version', '#writing': WRITING_ATTRIBUTE, '#f0': 'treeHash' },
      ExpressionAttributeValues: { ':version': 5_000, ':f0': 'being-written' },
      ReturnValues: 'UPDATED_OLD',
    });
  });

  it('tells a claim on a new tree apart from a refused claim', async () => {
    // Prepare
    docMock.on(UpdateCommand).resolvesOnce({}).rejectsOnce(refused());

    // Act
    const fresh = await store.claimTree(root, 5_000, { treeHash: 'being-written' });
    const stale = await store.claimTree(root, 4_000, { treeHash: 'being-written' });

    // Assess
    expect(fresh).toEqual({ claimed: true, existed: false, previous: {} });
    expect(stale).toEqual({ claimed: false, existed: true, previous: {} });
    expect(store.stats.staleSkips).toBe(1);
  });

  it('commits a tree only while the claim is its own and nothing newer was committed', async () => {
    // Prepare
    docMock.on(UpdateCommand).resolves({});

    // Act
    const landed = await store.commitTree(root, 5_000, { treeHash: 'abc', status: 'ACTIVE' }, ['messages']);

    // Assess
    expect(landed).toBe(true);
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: root,
      UpdateExpression: 'SET #version = :version, #f0 = :f0, #f1 = :f1 REMOVE #writing, #r0',
      ConditionExpression: '#writing = :version AND (attribute_not_exists(#version) OR #version < :version)',
      ExpressionAttributeNames: {
        '#version': 'version',
        '#writing': WRITING_ATTRIBUTE,
        '#f0': 'treeHash',
        '#f1': 'status',
        '#r0': 'messages',
      },
      ExpressionAttributeValues: { ':version': 5_000, ':f0': 'abc', ':f1': 'ACTIVE' },
    });
  });

  it('answers false for a commit whose claim was taken', async () => {
    // Prepare
    docMock.on(UpdateCommand).rejects(refused());

    // Act
    const landed = await store.commitTree(root, 5_000, { treeHash: 'abc' });

    // Assess
    expect(landed).toBe(false);
    expect(store.stats.staleSkips).toBe(1);
  });

  it('abandons a tree by marking it and clearing any claim, only on an existing item', async () => {
    // Prepare
    docMock.on(UpdateCommand).resolves({});

    // Act
    await store.abandonTree(root, { treeHash: 'abandoned' });

    // Assess
    expect(docMock).toHaveReceivedCommandWith(UpdateCommand, {
      Key: root,
      UpdateExpression: 'SET #f0 = :f0 REMOVE #writing',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#writing': WRITING_ATTRIBUTE, '#f0': 'treeHash' },
      ExpressionAttributeValues: { ':f0': 'abandoned' },
    });
  });

  it('reads the table strongly consistent when asked, never a GSI', async () => {
    // Prepare
    docMock.on(QueryCommand).resolves({ Items: [] });

    // Act
    await store.queryAll({ pk: root.pk, skPrefix: 'OUTPUT#', consistent: true });
    await store.queryAll({ pk: 'LIST#x', index: 'gsi1', consistent: true });

    // Assess
    expect(docMock.commandCalls(QueryCommand).map((c) => c.args[0].input.ConsistentRead)).toEqual([true, undefined]);
  });
});
