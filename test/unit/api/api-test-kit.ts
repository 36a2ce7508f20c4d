import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import * as mediaconnect from '@aws-sdk/client-mediaconnect';
import { MediaConnectClient } from '@aws-sdk/client-mediaconnect';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MediaLiveClient } from '@aws-sdk/client-medialive';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { AwsStub } from 'aws-sdk-client-mock';
import { createApiHandler, ApiHandler, ApiHandlerOptions } from '../../../lambdas/api/api-handler';
import type { ApiDeps } from '../../../lambdas/api/api-deps';
import { AuditLog } from '../../../lambdas/api/audit';
import type { ApiEvent } from '../../../lambdas/api/http/middlewares';
import { PageTokenCodec } from '../../../lambdas/api/http/page-token';
import type { Clock } from '../../../lambdas/shared/clock';
import { RequestBudget } from '../../../lambdas/polling/request-budget';
import { TokenBucket } from '../../../lambdas/shared/rate-limiter';
import { StateStore } from '../../../lambdas/store/state-store';
import {
  parseTargetRegistry,
  selfRegistry,
  type TargetRegistry,
  type WatchedTargetInput,
} from '../../../lambdas/shared/watched-targets';

/** Fixtures for driving the API handler the way API Gateway does. */

/**
 * client-mediaconnect 3.654 carries its own, older @smithy/types, which aws-sdk-client-mock's signatures do not accept;
 * these aliases bridge the types only (the runtime classes are the SDK's).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = new (input: any) => any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MediaConnectStub = AwsStub<any, any, any>;
export const MediaConnectMockTarget = MediaConnectClient as never;
export const DescribeFlowCommand = mediaconnect.DescribeFlowCommand as AnyCommand;
export const StartFlowCommand = mediaconnect.StartFlowCommand as AnyCommand;
export const StopFlowCommand = mediaconnect.StopFlowCommand as AnyCommand;
export const GrantFlowEntitlementsCommand = mediaconnect.GrantFlowEntitlementsCommand as AnyCommand;
export const UpdateFlowEntitlementCommand = mediaconnect.UpdateFlowEntitlementCommand as AnyCommand;
export const RevokeFlowEntitlementCommand = mediaconnect.RevokeFlowEntitlementCommand as AnyCommand;

/** An AWS SDK exception as the client throws it, with its HTTP status. */
export function awsError(exception: unknown, message: string, httpStatusCode: number): Error {
  return new (exception as new (options: unknown) => Error)({ message, $metadata: { httpStatusCode } });
}

export const REGION = 'eu-central-1';
export const ACCOUNT = '111122223333';
export const FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
export const ENTITLEMENT_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:1-11aa22bb11aa22bb-3333cccc4444:AnyCompany`;
export const SOURCE_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:1-aa-bb:Primary`;
export const OUTPUT_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:1-cc-dd:ToMediaLive`;
export const READ_ONLY_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/media-monitor/MediaMonitorReadOnly`;
export const OPERATOR_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/MediaMonitorOperator`;
export const OPERATOR_SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/MediaMonitorOperator/alice`;
export const READ_ONLY_SESSION_ARN = `arn:aws:sts::${ACCOUNT}:assumed-role/MediaMonitorReadOnly/bob`;
/** The roles the test deployment may pass to MediaConnect (api.encryptionRoleArns). */
export const ENCRYPTION_ROLE_ARNS = [
  `arn:aws:iam::${ACCOUNT}:role/MediaConnect-ASM`,
  `arn:aws:iam::${ACCOUNT}:role/SpekeAccess`,
];
export const NOW = Date.parse('2025-11-25T10:00:00.000Z');

export const fixedClock: Clock = { now: () => NOW };

export const silentLog = { warn: jest.fn(), error: jest.fn() };

export interface TestApi {
  deps: ApiDeps;
  handler: ApiHandler;
  refreshFlow: jest.Mock;
  claimRepoll: jest.Mock;
  repoll: jest.Mock;
  /** The MediaLive refresher (`refreshers.medialive`). */
  refreshChannel: jest.Mock;
}

/**
 * The API over a real StateStore and MediaConnect client: the test file mocks both with aws-sdk-client-mock
 * (`mockClient(DynamoDBDocumentClient)`, `mockClient(MediaConnectClient)`), so every DynamoDB and AWS call is seen.
 */
export function createTestApi(options: Partial<ApiHandlerOptions> = {}): TestApi {
  const doc = DynamoDBDocumentClient.from(
    new DynamoDBClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
  );
  const store = new StateStore(doc, 'state-table');
  const refreshFlow = jest.fn().mockResolvedValue({ changed: true });
  const claimRepoll = jest.fn().mockResolvedValue(true);
  const repoll = jest.fn().mockResolvedValue(undefined);
  const refreshChannel = jest.fn().mockResolvedValue({ change: 'updated' });
  // Pacing and throttle backoff take no time here: the limiter's clock advances by what it waits, the budget's waits
  // resolve at once, and a throttle is retried twice.
  let limiterNow = NOW;
  const mediaLiveLimiter = new TokenBucket(
    1_000,
    1_000,
    { now: () => limiterNow },
    async (ms) => void (limiterNow += ms),
  );
  const deps: ApiDeps = {
    store,
    mediaConnect: new MediaConnectClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
    clock: fixedClock,
    audit: new AuditLog(store, fixedClock, 14),
    refreshFlow,
    claimRepoll,
    repoll,
    // The services the API wires a refresher for.
    repollable: (arn: string) => /^arn:aws[\w-]*:(mediaconnect|medialive):/.test(arn),
    mediaLive: {
      client: new MediaLiveClient({ region: REGION, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
      budget: () => new RequestBudget(mediaLiveLimiter, { retry: { maxAttempts: 3 }, wait: async () => undefined }),
    },
    refreshers: { medialive: refreshChannel },
    registry: async () => selfRegistry(ACCOUNT, REGION),
    // One target: its actions use the deployment's own clients and refreshers (multi-target tests replace this).
    actionsFor: () => ({
      mediaConnect: deps.mediaConnect,
      mediaLive: deps.mediaLive,
      refreshFlow: deps.refreshFlow,
      refreshers: deps.refreshers,
    }),
    pageTokens: new PageTokenCodec('a-test-secret-of-enough-length', 'state-table', fixedClock),
    encryptionRoleArns: ENCRYPTION_ROLE_ARNS,
  };
  const handler = createApiHandler(deps, {
    log: silentLog,
    readOnlyRoleArn: READ_ONLY_ROLE_ARN,
    operatorRoleArn: OPERATOR_ROLE_ARN,
    ...options,
  });
  return { deps, handler, refreshFlow, claimRepoll, repoll, refreshChannel };
}

export interface RequestSpec {
  method?: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** A raw body string, sent as is. */
  rawBody?: string;
  headers?: Record<string, string>;
  userArn?: string | null;
}

/** An API Gateway REST proxy event, as API Gateway builds it for an IAM-authorized caller. */
export function apiEvent(spec: RequestSpec): ApiEvent {
  const body = spec.rawBody ?? (spec.body === undefined ? null : JSON.stringify(spec.body));
  const headers = { ...(body ? { 'Content-Type': 'application/json' } : {}), ...spec.headers };
  return {
    httpMethod: spec.method ?? 'GET',
    path: spec.path,
    resource: '/{proxy+}',
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: spec.query ?? null,
    multiValueQueryStringParameters: spec.query
      ? Object.fromEntries(Object.entries(spec.query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: ACCOUNT,
      apiId: 'abc123',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: spec.method ?? 'GET',
      path: `/prod${spec.path}`,
      stage: 'prod',
      requestId: 'req-1',
      requestTimeEpoch: NOW,
      resourceId: 'res',
      resourcePath: '/{proxy+}',
      identity: {
        accessKey: null,
        accountId: ACCOUNT,
        apiKey: null,
        apiKeyId: null,
        caller: 'AROAEXAMPLE:alice',
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: '127.0.0.1',
        user: 'AROAEXAMPLE:alice',
        userAgent: 'jest',
        userArn: spec.userArn === undefined ? OPERATOR_SESSION_ARN : spec.userArn,
      },
    },
  };
}

export const lambdaContext = { awsRequestId: 'aws-req-1' } as Context;

export interface ParsedResponse {
  status: number;
  headers: Record<string, string | number | boolean>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Calls the handler and parses its JSON answer. */
export async function call(api: Pick<TestApi, 'handler'>, spec: RequestSpec): Promise<ParsedResponse> {
  const result: APIGatewayProxyResult = await api.handler(apiEvent(spec), lambdaContext);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: result.body ? JSON.parse(result.body) : undefined,
  };
}

export const flowPath = (arn = FLOW_ARN, suffix = '') => `/flows/${encodeURIComponent(arn)}${suffix}`;

/** A stored flow `#META` item. */
export function flowMeta(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: `RES#${FLOW_ARN}`,
    sk: '#META',
    gsi1pk: `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}`,
    gsi1sk: `AwardsShow#${FLOW_ARN}`,
    type: 'mediaconnect:flow',
    arn: FLOW_ARN,
    name: 'AwardsShow',
    status: 'STANDBY',
    account: ACCOUNT,
    region: REGION,
    observedAt: '2025-11-25T09:59:00.000Z',
    version: NOW - 60_000,
    hash: 'h',
    treeHash: 't',
    childCount: 2,
    ...overrides,
  };
}

export function entitlementItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pk: `RES#${FLOW_ARN}`,
    sk: `ENTITLEMENT#${ENTITLEMENT_ARN}`,
    type: 'mediaconnect:entitlement',
    arn: ENTITLEMENT_ARN,
    name: 'AnyCompany',
    flowArn: FLOW_ARN,
    subscribers: ['444455556666'],
    status: 'ENABLED',
    account: ACCOUNT,
    region: REGION,
    observedAt: '2025-11-25T09:59:00.000Z',
    version: NOW - 60_000,
    hash: 'e',
    ...overrides,
  };
}

/** A registry of the test deployment (ACCOUNT in REGION, its own role) watching itself and the given targets. */
export function registryWith(...others: WatchedTargetInput[]): TargetRegistry {
  return parseTargetRegistry(
    {
      deployment: { account: ACCOUNT, region: REGION, name: 'test' },
      targets: [{ account: ACCOUNT, region: REGION }, ...others],
    },
    'test registry',
  );
}
