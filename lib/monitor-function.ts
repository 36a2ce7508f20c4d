import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The repository root: handler entries and the lock file are resolved against it. */
export const PROJECT_ROOT = path.resolve(__dirname, '..');

/** Settings for a function that EventBridge (or anything else) invokes asynchronously. */
export interface AsyncInvocationProps {
  /**
   * How many times Lambda retries a failed asynchronous invocation (0-2).
   * @default 2
   */
  readonly retryAttempts?: number;
  /**
   * Events older than this are not retried; they go to the dead-letter queue (60 s - 6 h).
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
}

export interface MonitorFunctionProps {
  /** The handler entry file, relative to the repository root (it exports `handler`), e.g. `lambdas/api/handler.ts`. */
  readonly entry: string;
  /**
   * What the function does, shown in the console.
   * @default - no description
   */
  readonly description?: string;
  /**
   * @default Duration.seconds(30)
   */
  readonly timeout?: Duration;
  /**
   * Memory in MB; Lambda scales CPU with it.
   * @default 512
   */
  readonly memorySize?: number;
  /**
   * Environment variables besides the ones every monitor function gets.
   * @default {}
   */
  readonly environment?: Record<string, string>;
  /**
   * Retention of the function's log group.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Removal policy of the log group and the dead-letter queue.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Reserved concurrency. Every reservation is taken from the account's unreserved pool, and Lambda refuses
   * reservations that leave fewer than 10, so small accounts cannot afford one.
   * @default - no reservation
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Set when the function is invoked asynchronously (schedules, EventBridge): failed events land in an encrypted
   * dead-letter queue after `retryAttempts`. Synchronous and queue-driven functions don't need one.
   * @default - not invoked asynchronously; no dead-letter queue
   */
  readonly asyncInvocation?: AsyncInvocationProps;
}

/**
 * The one Lambda shape of the monitor: Node.js 22 on arm64, bundled by esbuild (minified, with source maps),
 * X-Ray active tracing, its own log group with retention, and a role that starts with nothing but log writes.
 *
 * Bundling externalizes `@aws-sdk/*`: nodejs22.x ships SDK v3, and bundling the clients with their credential
 * chain (SSO, STS, INI) costs about 770 KB minified per function, which breaks the 500 KB budget; without them a
 * handler bundle is the domain code plus Powertools, middy and zod. The runtime's SDK is a newer v3 than the one
 * pinned here; v3 clients are backward compatible within the major version.
 */
export class MonitorFunction extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Receives events whose asynchronous invocation failed after all retries; only with `asyncInvocation`. */
  public readonly deadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    super(scope, id);
    validate(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.entry}`,
    });
    // Only the two calls the runtime makes into its own log group; no AWS managed policy.
    this.logGroup.grantWrite(this.role);

    if (props.asyncInvocation) {
      this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        removalPolicy,
      });
    }

    this.function = new NodejsFunction(this, 'Function', {
      entry: path.resolve(PROJECT_ROOT, props.entry),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 512,
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: id,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        target: 'node22',
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourcesContent: false,
        // Prefer each package's ES module build: esbuild tree-shakes ESM, not CommonJS.
        mainFields: ['module', 'main'],
        externalModules: ['@aws-sdk/*'],
      },
      ...(this.deadLetterQueue
        ? {
            deadLetterQueue: this.deadLetterQueue,
            retryAttempts: props.asyncInvocation?.retryAttempts ?? 2,
            maxEventAge: props.asyncInvocation?.maxEventAge ?? Duration.hours(6),
          }
        : {}),
    });
  }

  /** Adds an environment variable to the function. */
  public addEnvironment(key: string, value: string): void {
    this.function.addEnvironment(key, value);
  }

  /** Adds a statement to the function's execution role. */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.function.addToRolePolicy(statement);
  }
}

function validate(props: MonitorFunctionProps): void {
  const fail = (message: string): never => {
    throw new Error(`MonitorFunction(${props.entry}): ${message}`);
  };
  if (!props.entry.endsWith('.ts')) fail('entry must be a TypeScript handler file');
  const timeout = props.timeout?.toSeconds();
  if (timeout !== undefined && (timeout < 1 || timeout > 900)) fail('timeout must be 1-900 seconds');
  const memory = props.memorySize;
  if (memory !== undefined && (memory < 128 || memory > 10240)) fail('memorySize must be 128-10240 MB');
  const retries = props.asyncInvocation?.retryAttempts;
  if (retries !== undefined && (!Number.isInteger(retries) || retries < 0 || retries > 2))
    fail('retryAttempts must be 0, 1 or 2');
  const age = props.asyncInvocation?.maxEventAge?.toSeconds();
  if (age !== undefined && (age < 60 || age > 21600)) fail('maxEventAge must be 60 s - 6 h');
  const reserved = props.reservedConcurrentExecutions;
  if (reserved !== undefined && (!Number.isInteger(reserved) || reserved < 1))
    fail('reservedConcurrentExecutions must be >= 1');
}
