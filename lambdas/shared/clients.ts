import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { MediaPackageV2Client } from '@aws-sdk/client-mediapackagev2';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * Client factories; they honour AWS_ENDPOINT_URL so the same code runs against moto and dynalite. Handlers call these
 * once, at module load.
 *
 * Retries: CloudWatch and DynamoDB use the SDK's adaptive retry (client-side rate limiting that backs off on
 * throttles), their only retry layer. MediaConnect calls go through `RequestBudget` (the function's share of the account
 * quota, and the one retry layer: at most `DEFAULT_THROTTLE_RETRY.maxAttempts` = 5 attempts per call), so its client
 * makes exactly one attempt per send: the SDK's adaptive mode inside our retry would try a call up to 6 × 5 = 30 times.
 */
export interface ClientOptions {
  region?: string;
  endpoint?: string;
  maxAttempts?: number;
  /** A watched target's credentials (lambdas/shared/target-credentials.ts). @default - the function's own role */
  credentials?: AwsCredentialIdentityProvider;
}

function baseConfig(options: ClientOptions = {}) {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts: options.maxAttempts ?? 6,
  };
}

/** One attempt per send, unless `maxAttempts` says otherwise: `RequestBudget` retries (see above). */
export const createMediaConnectClient = (o: ClientOptions = {}) =>
  new MediaConnectClient({ ...baseConfig(o), retryMode: 'standard', maxAttempts: o.maxAttempts ?? 1 });
/** One attempt per send, like MediaConnect's: `RequestBudget` is MediaLive's one retry layer too. */
export const createMediaLiveClient = (o: ClientOptions = {}) =>
  new MediaLiveClient({ ...baseConfig(o), retryMode: 'standard', maxAttempts: o.maxAttempts ?? 1 });
/** One attempt per send: `RequestBudget` is MediaPackage's one retry layer too. */
export const createMediaPackageClient = (o: ClientOptions = {}) =>
  new MediaPackageClient({ ...baseConfig(o), retryMode: 'standard', maxAttempts: o.maxAttempts ?? 1 });
/** One attempt per send: `RequestBudget` is MediaPackage v2's one retry layer too. */
export const createMediaPackageV2Client = (o: ClientOptions = {}) =>
  new MediaPackageV2Client({ ...baseConfig(o), retryMode: 'standard', maxAttempts: o.maxAttempts ?? 1 });
export const createCloudWatchClient = (o?: ClientOptions) => new CloudWatchClient(baseConfig(o));
export const createSqsClient = (o?: ClientOptions) => new SQSClient(baseConfig(o));
/** Only the API reads a secret (its page-token key), once per cache period. */
export const createSecretsManagerClient = (o?: ClientOptions) => new SecretsManagerClient(baseConfig(o));

/** STS for assume-role targets: always the function's own role (never a target's). */
export const createStsClient = (o?: Omit<ClientOptions, 'credentials'>) => new STSClient(baseConfig(o));

/** Reads the watched-target registry's SSM parameter (TARGETS_PARAMETER): one GetParameter per registry cache period. */
export function createParameterReader(o?: ClientOptions): (name: string) => Promise<string> {
  const ssm = new SSMClient(baseConfig(o));
  return async (name) => {
    const answer = await ssm.send(new GetParameterCommand({ Name: name }));
    const value = answer.Parameter?.Value;
    if (value === undefined) throw new Error(`SSM parameter ${name} has no value`);
    return value;
  };
}

/** DynamoDB uses its own endpoint variable first, so locally it can point at dynalite while the rest points at moto. */
export function createDocumentClient(o: ClientOptions = {}): DynamoDBDocumentClient {
  const endpoint = o.endpoint ?? process.env.DYNAMODB_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL;
  const client = new DynamoDBClient(baseConfig({ ...o, ...(endpoint ? { endpoint } : {}) }));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
