import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { StateTable } from '../../lib/state-table';
import { CHANGE_INDEX_PROJECTION } from '../../lambdas/store/change-index';
import { GSI1_PROJECTION, MAX_PROJECTED_ATTRIBUTES } from '../../lambdas/store/keys';
import { stateTableDefinition } from '../../lambdas/store/table-schema';
import {
  assertHasResourceDefinition,
  assertHasResource,
  allowedActions,
  asArray,
  type PolicyStatementJson,
  resourcesOfType,
} from './synth';

/** A stack with the table and one function bound as reader and one as writer (inline code: no bundling needed). */
function tableStack(props: ConstructorParameters<typeof StateTable>[2] = {}) {
  const stack = new Stack(new App(), 'TableTest', { env: { account: '123456789012', region: 'eu-west-1' } });
  const table = new StateTable(stack, 'StateTable', props);
  const fn = (id: string) =>
    new lambda.Function(stack, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler=()=>1'),
    });
  const reader = fn('Reader');
  const writer = fn('Writer');
  table.bindReader(reader);
  table.bindWriter(writer);
  return { template: Template.fromStack(stack), stack };
}

function statementsOfRole(template: Template, rolePrefix: string): PolicyStatementJson[] {
  return Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))
    .filter((p) => asArray(p.Properties!.Roles as Array<{ Ref: string }>).some((r) => r.Ref.startsWith(rolePrefix)))
    .flatMap((p) => (p.Properties!.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement);
}

describe('StateTable', () => {
  const { template } = tableStack();

  it('is on-demand, encrypted with the AWS-managed key, point-in-time recoverable and protected from deletion', () => {
    // Assess
    assertHasResource(template, 'AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      // SSEEnabled without a key id is the AWS-managed aws/dynamodb key.
      SSESpecification: { SSEEnabled: true, KMSMasterKeyId: Match.absent() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    assertHasResourceDefinition(template, 'AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('declares the same keys, indexes and projections as the local table definition', () => {
    // Prepare
    const local = stateTableDefinition('local');

    // Assess
    assertHasResource(template, 'AWS::DynamoDB::Table', {
      KeySchema: local.KeySchema,
      AttributeDefinitions: Match.arrayWith(local.AttributeDefinitions!),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: local.GlobalSecondaryIndexes![0]!.KeySchema,
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...GSI1_PROJECTION] },
        },
        {
          IndexName: 'gsi2',
          KeySchema: local.GlobalSecondaryIndexes![1]!.KeySchema,
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...CHANGE_INDEX_PROJECTION] },
        },
      ],
    });
    expect(local.GlobalSecondaryIndexes).toHaveLength(2);
  });

  it('projects no more non-key attributes into any index than DynamoDB accepts', () => {
    // Assess
    const [table] = Object.values(resourcesOfType(template, 'AWS::DynamoDB::Table'));
    const indexes = (table?.Properties?.GlobalSecondaryIndexes ?? []) as {
      Projection: { NonKeyAttributes?: string[] };
    }[];
    expect(indexes.length).toBeGreaterThan(0);
    for (const index of indexes)
      expect(index.Projection.NonKeyAttributes?.length ?? 0).toBeLessThanOrEqual(MAX_PROJECTED_ATTRIBUTES);
    expect(MAX_PROJECTED_ATTRIBUTES).toBe(20);
  });

  it('names the table to every bound function through STATE_TABLE_NAME', () => {
    // Assess
    for (const id of ['Reader', 'Writer']) {
      const [fn] = Object.entries(resourcesOfType(template, 'AWS::Lambda::Function')).filter(([key]) =>
        key.startsWith(id),
      );
      expect(fn![1].Properties!.Environment).toEqual({
        Variables: { STATE_TABLE_NAME: { Ref: expect.stringMatching(/^StateTable/) } },
      });
    }
  });

  it('grants a reader no write action and a writer the item writes', () => {
    // Act
    const readerActions = allowedActions(statementsOfRole(template, 'ReaderServiceRole'));
    const writerActions = allowedActions(statementsOfRole(template, 'WriterServiceRole'));

    // Assess
    expect(readerActions).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query']));
    expect(readerActions.filter((a) => /Put|Update|Delete|Write/.test(a))).toEqual([]);
    expect(writerActions).toEqual(
      expect.arrayContaining([
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:DeleteItem',
        'dynamodb:BatchWriteItem',
      ]),
    );
  });

  it('refuses RemovalPolicy.DESTROY while deletion protection is on', () => {
    // Act
    const create = () => tableStack({ removalPolicy: RemovalPolicy.DESTROY });

    // Assess
    expect(create).toThrow('StateTable: deletionProtection must be false when removalPolicy is DESTROY');
  });

  it('can be destroyed with the stack when asked to', () => {
    // Act
    const { template: destroyable } = tableStack({ removalPolicy: RemovalPolicy.DESTROY, deletionProtection: false });

    // Assess
    assertHasResourceDefinition(destroyable, 'AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ DeletionProtectionEnabled: false }),
    });
  });
});
