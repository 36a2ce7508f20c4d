import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import { MediaPackageClient } from '@aws-sdk/client-mediapackage';
import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * Client factories. Every client uses the SDK's adaptive retry mode (client-side rate limiting that
 * backs off on throttles), and honours AWS_ENDPOINT_URL so the same code runs against moto and dynalite.
 * Handlers call these once, at module load.
 */
export interface ClientOptions {
  region?: string;
  endpoint?: string;
  maxAttempts?: number;
}

function baseConfig(options: ClientOptions = {}) {
  const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL;
  return {
    ...(options.region ? { region: options.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    retryMode: 'adaptive' as const,
    maxAttempts: options.maxAttempts ?? 6,
  };
}

export const createMediaConnectClient = (o?: ClientOptions) => new MediaConnectClient(baseConfig(o));
export const createMediaLiveClient = (o?: ClientOptions) => new MediaLiveClient(baseConfig(o));
export const createMediaPackageClient = (o?: ClientOptions) => new MediaPackageClient(baseConfig(o));
export const createCloudWatchClient = (o?: ClientOptions) => new CloudWatchClient(baseConfig(o));
export const createSqsClient = (o?: ClientOptions) => new SQSClient(baseConfig(o));

/** DynamoDB uses its own endpoint variable first, so locally it can point at dynalite while the rest points at moto. */
export function createDocumentClient(o: ClientOptions = {}): DynamoDBDocumentClient {
  const endpoint = o.endpoint ?? process.env.DYNAMODB_ENDPOINT_URL ?? process.env.AWS_ENDPOINT_URL;
  const client = new DynamoDBClient(baseConfig({ ...o, ...(endpoint ? { endpoint } : {}) }));
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
