import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** An action IAM authorizes only on `*` (it has no resource type), and why the monitor calls it. */
export interface ResourceStarAction {
  readonly action: string;
  readonly reason: string;
}

/** A wildcard resource ARN a service's statements use, for the cdk-nag acknowledgement (see nag-suppressions.ts). */
export interface WildcardResource {
  /** The flattened ARN after `arn:<AWS::Partition>:`, with `${REGION}` and `${ACCOUNT}` placeholders. */
  readonly pattern: string;
  readonly reason: string;
}

/** What the API function may do to a service besides reading it. */
export interface ApiStatementOptions {
  /** Roles the API may pass to MediaConnect for entitlement encryption (empty: none). */
  readonly encryptionRoleArns: readonly string[];
}

/**
 * Everything the CDK needs to know about one monitored service. The constructs iterate the registry
 * (`lib/services/registry.ts`), so adding a service is one file here plus one line there.
 */
export interface MonitoredService {
  /** The service key: SDK and ARN service name, quota key (`quotas.<service>`), prefix of its poller names. */
  readonly service: string;
  /** Its name in construct ids and descriptions (`MediaConnect`). */
  readonly displayName: string;
  /** The inventory handler, relative to the repository root. */
  readonly inventoryEntry: string;
  /** The inventory function's description. */
  readonly inventoryDescription: string;
  /**
   * The inventory's schedule when the deployment sets none.
   * @default 'rate(5 minutes)'
   */
  readonly defaultInventorySchedule: string;
  /** The inventory poller's name: its lease, its function's Powertools service name and its EMF dimensions. */
  readonly inventoryPoller: string;
  /** The poller status item of each kind the inventory polls (several kinds share one function and lease). */
  readonly kindPollers: readonly string[];
  /** The environment variable carrying the service's quota (JSON): `${SERVICE}_QUOTA`. */
  readonly quotaEnv: string;
  /** Read-only statements of the inventory poller. */
  inventoryStatements(scope: IConstruct): iam.PolicyStatement[];
  /** What the real-time path needs to re-poll one resource (event ingest). */
  repollStatements(scope: IConstruct): iam.PolicyStatement[];
  /** What the API function needs for the service's reads and operator actions. */
  apiStatements(scope: IConstruct, options: ApiStatementOptions): iam.PolicyStatement[];
  /** The actions above that IAM authorizes only on `*`. */
  readonly resourceStarActions: readonly ResourceStarAction[];
  /** The wildcard ARNs the statements above use. */
  readonly wildcardResources: readonly WildcardResource[];
}
