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
  /** The handler entry file, relative to the repository root (it exports `handler`), e.g. `lambdas/functions/api/handler.ts`. */
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
  /**
   * The path of the execution role. A deployment that watches member accounts puts every function role under
   * `/media-monitor/<deployment>/` (monitorRolePath), which the member roles' trust policies match.
   * @default - no path (`/`)
   */
  readonly rolePath?: string;
}

/**
 * The SDK's default credential chain is replaced in the bundles by `fromEnv` (lambdas/shared/lambda-credentials.ts):
 * Lambda puts the execution role's credentials in the environment, and the rest of the chain (SSO, INI, STS web
 * identity, IMDS, with their own STS and SSO clients, once per SDK version) is dead weight there, about 400 KB.
 * The path is relative to the project root, where local bundling runs esbuild.
 */
export const LAMBDA_CREDENTIALS_ALIAS = {
  '@aws-sdk/credential-provider-node': './lambdas/shared/lambda-credentials.ts',
} as const;

/**
 * The one Lambda shape of the monitor: Node.js 22 on arm64, bundled by esbuild (minified, with source maps), its own
 * log group with retention, and a role that starts with nothing but log writes.
 *
 * Bundling includes the pinned `@aws-sdk/*` clients, so production runs the SDK the tests ran, not the runtime's
 * (a newer v3 that the tests never saw). `keepNames` is off: every error class sets its `name`, and keeping function
 * names costs 8 % of a bundle. `bin/bench/bundle-size.ts` builds with these same settings and prints the sizes.
 *
 * X-Ray tracing is off: the functions' spans would show only the invocation, not the AWS calls, unless every client
 * is wrapped by Powertools Tracer, whose X-Ray SDK adds to bundles that already include the AWS SDK; the poller status
 * items, the ingest metrics, the API access logs and the structured logs carry what the monitor needs to watch itself.
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
      ...(props.rolePath !== undefined ? { path: props.rolePath } : {}),
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
      tracing: lambda.Tracing.DISABLED,
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
        keepNames: false,
        sourceMap: true,
        sourcesContent: false,
        // Prefer each package's ES module build: esbuild tree-shakes ESM, not CommonJS.
        mainFields: ['module', 'main'],
        externalModules: [],
        esbuildArgs: { '--alias': Object.entries(LAMBDA_CREDENTIALS_ALIAS).map(([from, to]) => `${from}=${to}`) },
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
