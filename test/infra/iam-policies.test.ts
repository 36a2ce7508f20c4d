import { RESOURCE_STAR_ACTIONS } from '../../lib/mediaconnect-permissions';
import {
  allowedActions,
  asArray,
  functionStatements,
  identityStatements,
  referenceTemplate,
  resourcesOfType,
  type SynthesizedTemplate,
} from './synth';

/** Function logical-id prefixes and the MediaConnect actions each may use. */
const MEDIACONNECT_ACTIONS: Record<string, string[]> = {
  MediaMonitorMediaConnectPollersInventoryFunction: ['DescribeFlow', 'ListFlows', 'ListTagsForResource'],
  MediaMonitorMediaConnectPollersMetricsFunction: [],
  MediaMonitorEventIngestIngestFunction: ['DescribeFlow', 'ListTagsForResource'],
  MediaMonitorApiApiFunction: [
    'DescribeFlow',
    'GrantFlowEntitlements',
    'ListTagsForResource',
    'RevokeFlowEntitlement',
    'StartFlow',
    'StopFlow',
    'UpdateFlowEntitlement',
  ],
};

/** Function logical-id prefixes and the state-table calls each makes (lambdas/store/state-store.ts, by caller). */
const TABLE_ACTIONS: Record<string, string[]> = {
  MediaMonitorMediaConnectPollersInventoryFunction: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  // UpdateItem: a scheduled metrics poll that finds the poller lease held counts the skip on the lease item.
  MediaMonitorMediaConnectPollersMetricsFunction: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  MediaMonitorEventIngestIngestFunction: ['BatchWriteItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  MediaMonitorApiApiFunction: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  MediaMonitorAlarmReconcilerReconcileFunction: [
    'BatchWriteItem',
    'DeleteItem',
    'GetItem',
    'PutItem',
    'Query',
    'UpdateItem',
  ],
};

describe('IAM policies of the media monitor', () => {
  let synthesized: SynthesizedTemplate;
  beforeAll(() => {
    synthesized = referenceTemplate();
  }, 180_000);

  it('uses Resource "*" only for actions that have no resource-level permissions', () => {
    // Prepare
    const starStatements = identityStatements(synthesized.template).filter(
      ({ statement }) => statement.Effect === 'Allow' && asArray(statement.Resource).includes('*'),
    );

    // Act
    const offending = starStatements.flatMap(({ owner, statement }) =>
      asArray(statement.Action)
        .filter((action) => !(RESOURCE_STAR_ACTIONS as readonly string[]).includes(action))
        .map((action) => `${owner}: ${action}`),
    );

    // Assess
    expect(starStatements.length).toBeGreaterThan(0);
    expect(offending).toEqual([]);
  });

  it('grants no wildcard action anywhere', () => {
    // Act
    const wildcards = identityStatements(synthesized.template).flatMap(({ owner, statement }) =>
      asArray(statement.Action)
        .filter((action) => action.includes('*'))
        .map((action) => `${owner}: ${action}`),
    );

    // Assess
    expect(wildcards).toEqual([]);
  });

  it.each(Object.entries(MEDIACONNECT_ACTIONS))('gives %s exactly its MediaConnect actions', (prefix, expected) => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, prefix))
      .filter((a) => a.startsWith('mediaconnect:'))
      .map((a) => a.replace('mediaconnect:', ''));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it.each(Object.entries(TABLE_ACTIONS))(
    'gives %s exactly the table calls it makes, and no Scan',
    (prefix, expected) => {
      // Act
      const actions = allowedActions(functionStatements(synthesized.template, prefix))
        .filter((a) => a.startsWith('dynamodb:'))
        .map((a) => a.replace('dynamodb:', ''));

      // Assess
      expect([...new Set(actions)].sort()).toEqual(expected);
    },
  );

  it('gives the pollers no MediaConnect write action', () => {
    // Act
    const writes = [
      'MediaMonitorMediaConnectPollersInventoryFunction',
      'MediaMonitorMediaConnectPollersMetricsFunction',
    ].flatMap((prefix) =>
      allowedActions(functionStatements(synthesized.template, prefix)).filter(
        (a) => a.startsWith('mediaconnect:') && !/^mediaconnect:(Describe|List)/.test(a),
      ),
    );

    // Assess
    expect(writes).toEqual([]);
  });

  it('scopes every MediaConnect resource to the stack account and region', () => {
    // Prepare
    const resources = identityStatements(synthesized.template)
      .filter(({ statement }) => asArray(statement.Action).some((a) => a.startsWith('mediaconnect:')))
      .flatMap(({ statement }) => asArray(statement.Resource))
      .filter((r) => r !== '*');

    // Assess
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources)
      expect(JSON.stringify(resource)).toContain(':mediaconnect:eu-west-1:123456789012:');
  });

  it('attaches an AWS managed policy only to the API Gateway logging role', () => {
    // Act
    const managed = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Role'))
      .filter(([, role]) => role.Properties!.ManagedPolicyArns !== undefined)
      .map(([id, role]) => [id, JSON.stringify(role.Properties!.ManagedPolicyArns)]);

    // Assess
    expect(managed).toEqual([
      [
        expect.stringMatching(/^MediaMonitorApiRestApiCloudWatchRole/),
        expect.stringContaining('AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    ]);
  });
});
