import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawRing } from '../../../lambdas/events/event-history';
import type { RawMessage } from '../../../lambdas/events/event-model';
import { FlowResolver } from '../../../lambdas/events/flow-resolver';
import type { IngestDeps, Repoller } from '../../../lambdas/events/ingest';
import { DEFAULT_INGEST_SETTINGS, IngestSettings } from '../../../lambdas/events/ingest-config';
import { CountingMetrics } from '../../../lambdas/events/ingest-metrics';
import { RepollWindows } from '../../../lambdas/events/repoll-coalescer';
import type { TrailingRepoll, TrailingRepollScheduler } from '../../../lambdas/events/trailing-repoll';
import { IngestTestStore } from './ingest-test-store';

/** Samples from the reference (§4–5), completed into whole events. */
export type Fixture = Record<string, unknown>;

export function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;
}

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:media-monitor-alarms`;
export const FLOW_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-23aBC45dEF67hiJ8-12AbC34DE5fG:AwardsShow`;
export const SOURCE_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:source:2-3aBC45dEF67hiJ8-12AbC34DE5fG:MainSource`;
export const OUTPUT_ARN = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:output:2-3aBC45dEF67hiJ8-12AbC34DE5fG:NYCOutput`;
export const CHANNEL_ARN = `arn:aws:medialive:us-west-2:${ACCOUNT}:channel:123456`;
export const MP_CHANNEL_ARN = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/262ff18217f44f4a9b1f2a2c3d4e5f60`;
export const MP_ENDPOINT_ARN = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/7a62e0f5c0a54b7e8f9d0a1b2c3d4e5f`;

/** "Now" in unit tests: just after the fixtures' times. */
export const NOW = Date.parse('2024-05-14T10:30:00Z');

/** An SNS envelope (as SQS receives it) around an alarm message. */
export function snsEnvelope(message: unknown, options: { messageId?: string; topicArn?: string } = {}): Fixture {
  const base = fixture('sns-envelope-sqs');
  return {
    ...base,
    MessageId: options.messageId ?? base.MessageId,
    TopicArn: options.topicArn ?? TOPIC_ARN,
    Message: typeof message === 'string' ? message : JSON.stringify(message),
  };
}

let sequence = 0;

/** A raw message as the handler builds it from an SQS record. */
export function rawMessage(
  body: unknown,
  options: { id?: string; sentAt?: number; regionHint?: string } = {},
): RawMessage {
  sequence++;
  return {
    id: options.id ?? `sqs-${sequence}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    receivedAt: NOW,
    sentAt: options.sentAt ?? NOW - 50,
    ...(options.regionHint ? { regionHint: options.regionHint } : {}),
    origin: 'sqs',
  };
}

/**
 * A Repoller that records the resources it was asked to re-poll. It covers every resource, or only those of the
 * services in `services` when set (the others are "no refresher").
 */
export class CountingRepoller implements Repoller {
  readonly calls: string[] = [];
  failWith?: Error;
  services?: readonly string[];

  covers(arn: string): boolean {
    return this.services === undefined || this.services.includes(arn.split(':')[2] ?? '');
  }

  async repoll(arn: string): Promise<void> {
    this.calls.push(arn);
    if (this.failWith) throw this.failWith;
  }
}

/** A TrailingRepollScheduler that records what it was asked to send. */
export class RecordingScheduler implements TrailingRepollScheduler {
  readonly sent: { request: TrailingRepoll; delaySeconds: number }[] = [];
  failWith?: Error;

  async schedule(request: TrailingRepoll, delaySeconds: number): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ request, delaySeconds });
  }
}

export interface TestIngest {
  deps: IngestDeps;
  store: IngestTestStore;
  repoller: CountingRepoller;
  trailing: RecordingScheduler;
  metrics: CountingMetrics;
  clock: { now(): number; advance(ms: number): void };
}

/** Ingest deps over an in-memory store, a counting re-poller and counting metrics, at `NOW`. */
export function testIngest(settings: Partial<IngestSettings> = {}): TestIngest {
  const store = new IngestTestStore();
  const repoller = new CountingRepoller();
  const metrics = new CountingMetrics();
  const trailing = new RecordingScheduler();
  let now = NOW;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const deps: IngestDeps = {
    store,
    clock,
    repoller,
    metrics,
    settings: { ...DEFAULT_INGEST_SETTINGS, expectedTopicArns: new Set([TOPIC_ARN]), ...settings },
    resolver: new FlowResolver(store, clock),
    rawRing: new RawRing(() => 0),
    repollWindows: new RepollWindows(),
    trailingRepolls: trailing,
  };
  return { deps, store, repoller, trailing, metrics, clock };
}

/** A stored flow `#META` item as the inventory poller writes it. */
export function storedFlow(
  arn: string,
  status: string,
  version = Date.parse('2024-05-14T10:00:00Z'),
): Record<string, unknown> & { pk: string; sk: string } {
  const name = arn.split(':').pop() as string;
  return {
    pk: `RES#${arn}`,
    sk: '#META',
    type: 'mediaconnect:flow',
    arn,
    name,
    status,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(version).toISOString(),
    version,
    gsi1pk: `LIST#mediaconnect:flow#${ACCOUNT}#${REGION}`,
    gsi1sk: `${name}#${arn}`,
    hash: 'h',
    treeHash: 't',
    childCount: 2,
  };
}

/** A stored source or output item of a flow. */
export function storedChild(
  flowArn: string,
  kind: 'SOURCE' | 'OUTPUT',
  arn: string,
): Record<string, unknown> & { pk: string; sk: string } {
  return {
    pk: `RES#${flowArn}`,
    sk: `${kind}#${arn}`,
    type: kind === 'SOURCE' ? 'mediaconnect:source' : 'mediaconnect:output',
    arn,
    flowArn,
    name: arn.split(':').pop(),
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(NOW - 60_000).toISOString(),
    version: NOW - 60_000,
    hash: 'c',
  };
}
