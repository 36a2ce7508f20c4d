import { RESOURCE_STAR_ACTIONS } from '../../lib/services/registry';
import {
  allowedActions,
  FUNCTION_PREFIXES,
  asArray,
  functionStatements,
  identityStatements,
  referenceTemplate,
  resourcesOfType,
  type SynthesizedTemplate,
} from './synth';

/** Function logical-id prefixes and the MediaConnect actions each may use. */
const MEDIACONNECT_ACTIONS: Record<string, string[]> = {
  [FUNCTION_PREFIXES.mediaConnectInventory]: ['DescribeFlow', 'ListFlows', 'ListTagsForResource'],
  [FUNCTION_PREFIXES.mediaLiveInventory]: [],
  [FUNCTION_PREFIXES.mediaPackageInventory]: [],
  [FUNCTION_PREFIXES.metrics]: [],
  [FUNCTION_PREFIXES.ingest]: ['DescribeFlow', 'ListTagsForResource'],
  [FUNCTION_PREFIXES.alarmReconcile]: [],
  [FUNCTION_PREFIXES.api]: [
    'DescribeFlow',
    'GrantFlowEntitlements',
    'ListTagsForResource',
    'RevokeFlowEntitlement',
    'StartFlow',
    'StopFlow',
    'UpdateFlowEntitlement',
  ],
};

/** Function logical-id prefixes and the MediaLive actions each may use. */
const MEDIALIVE_ACTIONS: Record<string, string[]> = {
  [FUNCTION_PREFIXES.mediaConnectInventory]: [],
  [FUNCTION_PREFIXES.mediaLiveInventory]: [
    'DescribeChannel',
    'DescribeInput',
    'DescribeInputDevice',
    'DescribeInputSecurityGroup',
    'ListAlerts',
    'ListChannels',
    'ListInputDevices',
    'ListInputSecurityGroups',
    'ListInputs',
  ],
  [FUNCTION_PREFIXES.mediaPackageInventory]: [],
  [FUNCTION_PREFIXES.metrics]: [],
  // Re-polls: one channel or input, and a channel's alerts.
  [FUNCTION_PREFIXES.ingest]: ['DescribeChannel', 'DescribeInput', 'ListAlerts'],
  [FUNCTION_PREFIXES.alarmReconcile]: [],
  [FUNCTION_PREFIXES.api]: ['DescribeChannel', 'StartChannel', 'StopChannel'],
};

/** Function logical-id prefixes and the MediaPackage (v1) actions each may use: reads only, everywhere. */
const MEDIAPACKAGE_READS = ['DescribeChannel', 'DescribeOriginEndpoint', 'ListChannels', 'ListOriginEndpoints'];
const MEDIAPACKAGE_ACTIONS: Record<string, string[]> = {
  [FUNCTION_PREFIXES.mediaConnectInventory]: [],
  [FUNCTION_PREFIXES.mediaLiveInventory]: [],
  [FUNCTION_PREFIXES.mediaPackageInventory]: MEDIAPACKAGE_READS,
  [FUNCTION_PREFIXES.metrics]: [],
  // A re-poll describes by Id, or lists once to map an AWS ARN (which ends in a GUID) to its Id.
  [FUNCTION_PREFIXES.ingest]: MEDIAPACKAGE_READS,
  [FUNCTION_PREFIXES.alarmReconcile]: [],
  [FUNCTION_PREFIXES.api]: MEDIAPACKAGE_READS,
};

/** Operator actions: they change what a service does, so only the API function (operator role, audited) has them. */
const OPERATOR_ACTIONS =
  /^(mediaconnect:(Start|Stop|Grant|Update|Revoke)|medialive:(Start|Stop|Update|Create|Delete|Batch))/;

/** Function logical-id prefixes and the state-table calls each makes (lambdas/store/state-store.ts, by caller). */
const TABLE_ACTIONS: Record<string, string[]> = {
  [FUNCTION_PREFIXES.mediaConnectInventory]: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  [FUNCTION_PREFIXES.mediaLiveInventory]: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  [FUNCTION_PREFIXES.mediaPackageInventory]: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
  // UpdateItem: a scheduled metrics poll that finds the poller lease held counts the skip on the lease item.
  [FUNCTION_PREFIXES.metrics]: ['DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'],
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

  it.each(Object.entries(MEDIALIVE_ACTIONS))('gives %s exactly its MediaLive actions', (prefix, expected) => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, prefix))
      .filter((a) => a.startsWith('medialive:'))
      .map((a) => a.replace('medialive:', ''));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it.each(Object.entries(MEDIAPACKAGE_ACTIONS))('gives %s exactly its MediaPackage actions', (prefix, expected) => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, prefix))
      .filter((a) => a.startsWith('mediapackage:'))
      .map((a) => a.replace('mediapackage:', ''));

    // Assess
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it('gives the metrics function ListMetrics (discovery) and no media-service action', () => {
    // Act
    const actions = allowedActions(functionStatements(synthesized.template, FUNCTION_PREFIXES.metrics));

    // Assess
    expect(actions).toEqual(expect.arrayContaining(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']));
    expect(actions.filter((a) => /^media/.test(a))).toEqual([]);
  });

  it('gives start, stop and every other operator action to the API function only', () => {
    // Act
    const holders = Object.values(FUNCTION_PREFIXES).flatMap((prefix) =>
      allowedActions(functionStatements(synthesized.template, prefix))
        .filter((a) => OPERATOR_ACTIONS.test(a))
        .map((a) => `${prefix}: ${a}`),
    );

    // Assess
    expect(holders.length).toBeGreaterThan(0);
    expect(holders.filter((h) => !h.startsWith(`${FUNCTION_PREFIXES.api}:`))).toEqual([]);
    expect(holders).toEqual(
      expect.arrayContaining([
        `${FUNCTION_PREFIXES.api}: medialive:StartChannel`,
        `${FUNCTION_PREFIXES.api}: medialive:StopChannel`,
      ]),
    );
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

  it('gives the pollers and the ingest function no media-service write action', () => {
    // Act
    const writes = [
      FUNCTION_PREFIXES.mediaConnectInventory,
      FUNCTION_PREFIXES.mediaLiveInventory,
      FUNCTION_PREFIXES.mediaPackageInventory,
      FUNCTION_PREFIXES.metrics,
      FUNCTION_PREFIXES.ingest,
    ].flatMap((prefix) =>
      allowedActions(functionStatements(synthesized.template, prefix)).filter(
        (a) => /^media(connect|live|package):/.test(a) && !/^media(connect|live|package):(Describe|List)/.test(a),
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

  it('scopes every MediaLive resource to the stack account and region', () => {
    // Prepare
    const resources = identityStatements(synthesized.template)
      .filter(({ statement }) => asArray(statement.Action).some((a) => a.startsWith('medialive:')))
      .flatMap(({ statement }) => asArray(statement.Resource))
      .filter((r) => r !== '*');

    // Assess
    expect(resources.length).toBeGreaterThan(0);
    for (const resource of resources)
      expect(JSON.stringify(resource)).toMatch(
        /:medialive:eu-west-1:123456789012:(channel|input|inputSecurityGroup|inputDevice):\*"/,
      );
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
