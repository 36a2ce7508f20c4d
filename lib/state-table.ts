import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import { CHANGE_INDEX_PROJECTION, GSI2 } from '../lambdas/store/change-index';
import { GSI1, GSI1_PROJECTION, TABLE_KEYS } from '../lambdas/store/keys';

/** The DynamoDB calls the state store (lambdas/store/state-store.ts) makes; nothing scans. */
export type TableAction = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'BatchWriteItem';

/** Every call the state store can make. */
export const ALL_TABLE_ACTIONS: readonly TableAction[] = [
  'GetItem',
  'Query',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
];

export interface StateTableProps {
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Whether DynamoDB refuses DeleteTable. Must be false with RemovalPolicy.DESTROY.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Continuous backups with point-in-time restore (35 days).
   * @default true
   */
  readonly pointInTimeRecovery?: boolean;
}

/**
 * The single DynamoDB table that holds every resource, child, metrics item, alarm, event and poller outcome
 * (key design in `lambdas/store/keys.ts`). On-demand billing, AWS-managed KMS encryption, PITR and TTL on `expiresAt`.
 *
 * The construct that grants access also names the table to the function: every `bind*` and `grant*` method sets
 * STATE_TABLE_NAME.
 */
export class StateTable extends Construct {
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: StateTableProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const deletionProtection = props.deletionProtection ?? true;
    if (removalPolicy === RemovalPolicy.DESTROY && deletionProtection) {
      throw new Error('StateTable: deletionProtection must be false when removalPolicy is DESTROY');
    }

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sk, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // AWS-managed key (aws/dynamodb): encrypted at rest and visible in CloudTrail, with no key to pay for or manage.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: props.pointInTimeRecovery ?? true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      deletionProtection,
      removalPolicy,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1,
      partitionKey: { name: TABLE_KEYS.gsi1pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi1sk, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...GSI1_PROJECTION],
    });
    // The change index (lambdas/store/change-index.ts): sparse, only items stamped with their write time.
    this.table.addGlobalSecondaryIndex({
      indexName: GSI2,
      partitionKey: { name: TABLE_KEYS.gsi2pk, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.gsi2sk, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...CHANGE_INDEX_PROJECTION],
    });
  }

  public get tableName(): string {
    return this.table.tableName;
  }

  /** Read-only access (GetItem, Query, Scan, BatchGetItem on the table and its index), and STATE_TABLE_NAME. */
  public grantReadData(fn: lambda.Function): void {
    this.table.grantReadData(fn);
    fn.addEnvironment(ENV.tableName, this.table.tableName);
  }

  /** Alias of `grantReadData`, named for what the function becomes: a reader of the state. */
  public bindReader(fn: lambda.Function): void {
    this.grantReadData(fn);
  }

  /**
   * Exactly the listed calls, on the table (and its indexes when the function queries), and STATE_TABLE_NAME: each
   * function gets only the calls it makes. grantReadWriteData would add Scan, BatchGetItem, ConditionCheckItem,
   * DescribeTable and the stream reads, which nothing here uses.
   */
  public bind(fn: lambda.Function, actions: readonly TableAction[]): void {
    if (actions.length === 0) throw new Error('StateTable: bind needs at least one action');
    const resources = [this.table.tableArn];
    if (actions.includes('Query')) resources.push(`${this.table.tableArn}/index/*`);
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: [...new Set(actions)].sort().map((a) => `dynamodb:${a}`), resources }),
    );
    fn.addEnvironment(ENV.tableName, this.table.tableName);
  }

  /** Every call the state store can make (`bind` with ALL_TABLE_ACTIONS); prefer `bind` with the calls a function makes. */
  public bindWriter(fn: lambda.Function): void {
    this.bind(fn, ALL_TABLE_ACTIONS);
  }
}
