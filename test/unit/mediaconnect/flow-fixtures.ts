import type { Entitlement, Flow, ListedFlow, Output, Source } from '@aws-sdk/client-mediaconnect';
import type { Clock } from '../../../lambdas/shared/clock';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';

const id = (name: string): string => `1-${Buffer.from(name).toString('hex').slice(0, 16).padEnd(16, '0')}-abcdef012345`;

export const flowArn = (name: string): string => `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:${id(name)}:${name}`;
export const sourceArn = (flow: string, name: string): string =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:${id(flow)}:${name}`;
export const outputArn = (flow: string, name: string): string =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:${id(flow)}-${name}:${name}`;
export const entitlementArn = (flow: string, name: string): string =>
  `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:entitlement:${id(flow)}-${name}:${name}`;

export function sdkSource(flow: string, name = 'primary', overrides: Partial<Source> = {}): Source {
  return {
    Name: name,
    SourceArn: sourceArn(flow, name),
    IngestIp: '203.0.113.10',
    IngestPort: 2088,
    WhitelistCidr: '10.0.0.0/16',
    Transport: { Protocol: 'zixi-push', MaxLatency: 2000, MaxBitrate: 80_000_000 },
    ...overrides,
  };
}

export function sdkOutput(flow: string, name: string, overrides: Partial<Output> = {}): Output {
  return {
    Name: name,
    OutputArn: outputArn(flow, name),
    Destination: '198.51.100.7',
    Port: 5000,
    OutputStatus: 'ENABLED',
    Transport: { Protocol: 'rtp', SmoothingLatency: 0 },
    ...overrides,
  };
}

export function sdkEntitlement(flow: string, name: string, overrides: Partial<Entitlement> = {}): Entitlement {
  return {
    Name: name,
    EntitlementArn: entitlementArn(flow, name),
    Subscribers: ['444455556666'],
    DataTransferSubscriberFeePercent: 10,
    EntitlementStatus: 'ENABLED',
    ...overrides,
  };
}

/** A DescribeFlow `Flow` as the SDK returns it. */
export function sdkFlow(name: string, overrides: Partial<Flow> = {}): Flow {
  const source = sdkSource(name);
  return {
    FlowArn: flowArn(name),
    Name: name,
    Status: 'ACTIVE',
    AvailabilityZone: `${REGION}a`,
    Description: `${name} contribution`,
    EgressIp: '192.0.2.1',
    Source: source,
    Sources: [source],
    Outputs: [sdkOutput(name, 'out-1')],
    Entitlements: [sdkEntitlement(name, 'ent-1')],
    ...overrides,
  };
}

export function listed(flow: Flow): ListedFlow {
  return {
    FlowArn: flow.FlowArn,
    Name: flow.Name,
    Status: flow.Status,
    AvailabilityZone: flow.AvailabilityZone,
    Description: flow.Description ?? '',
    SourceType: 'OWNED',
  };
}

/** A clock that only moves when told to (or when a fake wait sleeps). */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2025-03-01T10:00:00.000Z')) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}
