import { alarmsListPk, listPk, META_SK, POLLERS_LIST_PK, resourcePk } from '../../../lambdas/store/keys';
import { withListingKeys } from '../../../lambdas/store/listing-keys';

const FLOW_ARN = 'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:News';

describe('withListingKeys', () => {
  it('restores a listed resource’s arn, type, account and region from its keys', () => {
    // Prepare
    const listed = {
      pk: resourcePk(FLOW_ARN),
      sk: META_SK,
      gsi1pk: listPk('mediaconnect:flow', '111122223333', 'eu-west-1'),
      gsi1sk: `News#${FLOW_ARN}`,
      name: 'News',
    };

    // Act
    const restored = withListingKeys(listed);

    // Assess
    expect(restored).toEqual({
      ...listed,
      arn: FLOW_ARN,
      type: 'mediaconnect:flow',
      account: '111122223333',
      region: 'eu-west-1',
    });
  });

  it('restores an alarm’s and a poller status’s account and region', () => {
    // Act
    const alarm = withListingKeys({ pk: resourcePk(FLOW_ARN), sk: 'ALARM#a', gsi1pk: alarmsListPk('1', 'us-east-1') });
    const poller = withListingKeys({
      pk: 'POLLER#metrics#1#us-east-1',
      sk: '#STATUS',
      gsi1pk: POLLERS_LIST_PK,
      gsi1sk: 'metrics#1#us-east-1',
    });

    // Assess
    expect(alarm).toMatchObject({ type: 'alarm', account: '1', region: 'us-east-1' });
    expect(alarm).not.toHaveProperty('arn');
    expect(poller).toMatchObject({ type: 'poller', account: '1', region: 'us-east-1' });
  });

  it('gives a tombstone its deletion time and never overwrites a field the item holds', () => {
    // Prepare
    const tombstone = {
      pk: resourcePk(FLOW_ARN),
      sk: META_SK,
      gsi1pk: listPk('mediaconnect:flow', '111122223333', 'eu-west-1'),
      arn: 'kept',
      type: 'kept-type',
      tombstone: true,
      observedAt: '2026-12-01T10:00:00.000Z',
    };

    // Act
    const restored = withListingKeys(tombstone);

    // Assess
    expect(restored).toMatchObject({ arn: 'kept', type: 'kept-type', deletedAt: '2026-12-01T10:00:00.000Z' });
  });

  it('leaves an item whose keys carry nothing unchanged', () => {
    // Prepare
    const item = { pk: 'EVENTS#x', sk: '2026#e', gsi1pk: 'METRICSCHED#x' };

    // Act, Assess
    expect(withListingKeys(item)).toBe(item);
  });
});
