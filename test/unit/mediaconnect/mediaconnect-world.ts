import * as mediaconnect from '@aws-sdk/client-mediaconnect';
import type { Flow } from '@aws-sdk/client-mediaconnect';
import { AwsStub, mockClient } from 'aws-sdk-client-mock';
import { listed } from './flow-fixtures';

/**
 * client-mediaconnect 3.654 carries its own, older @smithy/types, which aws-sdk-client-mock's signatures do not accept;
 * these aliases bridge the types only (the runtime classes are the SDK's).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCommand = new (input: any) => any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type MediaConnectMock = AwsStub<any, any, any>;
export const ListFlowsCommand = mediaconnect.ListFlowsCommand as AnyCommand;
export const DescribeFlowCommand = mediaconnect.DescribeFlowCommand as AnyCommand;
export const ListTagsForResourceCommand = mediaconnect.ListTagsForResourceCommand as AnyCommand;

/** The test file's one MediaConnect mock. */
export const mockMediaConnect = (): MediaConnectMock => mockClient(mediaconnect.MediaConnectClient as never);

export const throttle = (): Error =>
  new mediaconnect.TooManyRequestsException({
    message: 'Too many requests',
    Message: 'Too many requests',
    $metadata: { httpStatusCode: 429 },
  });
export const notFound = (arn: string): Error =>
  new mediaconnect.NotFoundException({
    message: `Flow ${arn} not found`,
    Message: `Flow ${arn} not found`,
    $metadata: { httpStatusCode: 404 },
  });
export const serverError = (): Error =>
  new mediaconnect.InternalServerErrorException({
    message: 'Internal failure',
    Message: 'Internal failure',
    $metadata: { httpStatusCode: 500 },
  });

/**
 * A small MediaConnect behind aws-sdk-client-mock: one ListFlows page of every flow, DescribeFlow from the same map
 * (NotFound for unknown ARNs), and tags per ARN. Tests change `flows` and `tags` between cycles.
 */
export class MediaConnectWorld {
  readonly flows = new Map<string, Flow>();
  readonly tags = new Map<string, Record<string, string>>();

  constructor(private readonly mock: MediaConnectMock) {}

  add(...flows: Flow[]): this {
    flows.forEach((flow) => this.flows.set(flow.FlowArn as string, flow));
    return this;
  }

  install(): this {
    this.mock
      .on(ListFlowsCommand)
      .callsFake(async () => ({ Flows: [...this.flows.values()].map(listed), $metadata: {} }));
    this.mock.on(DescribeFlowCommand).callsFake(async (input: { FlowArn: string }) => this.describe(input.FlowArn));
    this.mock.on(ListTagsForResourceCommand).callsFake(async (input: { ResourceArn: string }) => ({
      Tags: { ...(this.tags.get(input.ResourceArn) ?? {}) },
      $metadata: {},
    }));
    return this;
  }

  async describe(arn: string): Promise<{ Flow: Flow; $metadata: object }> {
    const flow = this.flows.get(arn);
    if (!flow) throw notFound(arn);
    return { Flow: structuredClone(flow), $metadata: {} };
  }
}
