import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../lambdas/shared/env';
import {
  ChangeEvents,
  changeEventsEnvironment,
  resolveChangePathSettings,
  type ChangePathSettings,
} from './change-events';
import { DeadLetterAlarm } from './dead-letter-alarm';
import { mediaAlarmEventPattern, mediaServiceEventPatterns } from './media-event-patterns';
import { monitorEventBusName } from './member-naming';
import { MonitorFunction } from './monitor-function';
import { monitorEnvironment, quotaEnvironment, resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import { getMetricDataStatement } from './services/cloudwatch';
import { MONITORED_SERVICES } from './services/registry';
import { ALL_TABLE_ACTIONS, type StateTable } from './state-table';

export { MEDIA_EVENT_DETAIL_TYPES, MEDIA_METRIC_NAMESPACES } from './media-event-patterns';

export interface EventIngestProps {
  readonly table: StateTable;
  /** Topics whose notifications (CloudWatch alarms) are ingested. May be empty when only EventBridge is used. */
  readonly topics: readonly sns.ITopic[];
  /**
   * Where the dead-letter alarm publishes. Never one of `topics`: the ingest path would report its own failure
   * into itself, and a broken ingest function would loop the alarm through the queue it cannot drain.
   * @default - the alarm has no action
   */
  readonly operationsTopic?: sns.ITopic;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /**
   * How long event history is kept (EVENT_HISTORY_DAYS).
   * @default 14
   */
  readonly eventHistoryDays?: number;
  /**
   * At most one targeted re-poll per resource within this window (REPOLL_WINDOW_SECONDS).
   * @default 10
   */
  readonly repollWindowSeconds?: number;
  /**
   * Messages per Lambda invocation.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * How long the event source waits to fill a batch.
   * @default Duration.seconds(1)
   */
  readonly maxBatchingWindow?: Duration;
  /**
   * Concurrent ingest invocations (the SQS event source's maximum concurrency). Each re-poll spends the quota of its
   * service, which is shared by the whole account: the ingest's share of every service's quota is divided between this
   * many instances, so it must equal `settings.concurrency.ingest`.
   * @default - settings.concurrency.ingest (2)
   */
  readonly maxConcurrency?: number;
  /**
   * Deliveries before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The change path: with `changeEvents: 'cloudtrail'`, each service's CloudTrail configuration calls are routed to
   * the queue too (ChangeEvents), and the function records them (CHANGE_EVENTS).
   * @default - changeEvents 'cloudtrail'
   */
  readonly changePath?: ChangePathSettings;
  /**
   * The bus member accounts forward their events to (MemberEventBus). Every rule of the default bus (media service
   * events, alarm state changes, CloudTrail changes) is created on it too, to the same queue: a forwarded event keeps
   * its own `account`, and the ingest routes it to that target.
   * @default - the default bus only
   */
  readonly memberBus?: events.IEventBus;
  /** The execution role's path (MonitorFunction.rolePath). @default - no path */
  readonly rolePath?: string;
}

/**
 * The real-time path: SNS alarm topics and EventBridge media events → one SQS queue → the ingest function.
 *
 * The queue buffers bursts (a flow failing over emits a dozen events at once) and retries what the function fails:
 * the function reports per-message failures, a message that fails `maxReceiveCount` times moves to the
 * dead-letter queue, and an alarm fires as soon as that queue holds anything. SNS delivers the full envelope (raw
 * delivery off) so the function can check TopicArn against EXPECTED_TOPIC_ARNS. The function also sends to the queue
 * itself: the trailing re-poll of a coalescing window, as a message delayed to the window's end.
 */
export class EventIngest extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly deadLetterAlarm: DeadLetterAlarm;
  public readonly ingestFunction: MonitorFunction;
  /** EventBridge rules by event source (`aws.mediaconnect`, …, `aws.cloudwatch`). */
  public readonly rules: Readonly<Record<string, events.Rule>>;
  /** The CloudTrail change rules, one per service with a change-call table; absent with `changeEvents: 'off'`. */
  public readonly changeEvents?: ChangeEvents;
  /** The same rules on the member bus, when there is one. */
  public readonly memberRules?: Readonly<Record<string, events.Rule>>;
  public readonly memberChangeEvents?: ChangeEvents;

  constructor(scope: Construct, id: string, props: EventIngestProps) {
    super(scope, id);
    const settings = resolveMonitorSettings(props.settings);
    const timeout = props.timeout ?? Duration.seconds(60);
    const batchSize = props.batchSize ?? 10;
    const maxBatchingWindow = props.maxBatchingWindow ?? Duration.seconds(1);
    const maxConcurrency = props.maxConcurrency ?? settings.concurrency.ingest;
    if (maxConcurrency !== settings.concurrency.ingest)
      throw new Error(
        `EventIngest: maxConcurrency (${maxConcurrency}) must equal concurrency.ingest ` +
          `(${settings.concurrency.ingest}), which the ingest's share of every service's quota is divided by`,
      );
    const maxReceiveCount = props.maxReceiveCount ?? 5;
    const eventHistoryDays = props.eventHistoryDays ?? 14;
    const repollWindowSeconds = props.repollWindowSeconds ?? 10;
    validate({ batchSize, maxBatchingWindow, maxConcurrency, maxReceiveCount, eventHistoryDays, repollWindowSeconds });
    if (props.operationsTopic && props.topics.some((t) => t.topicArn === props.operationsTopic?.topicArn)) {
      throw new Error('EventIngest: the operations topic must not be an ingested topic');
    }
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const changePath = resolveChangePathSettings(props.changePath);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy,
    });
    // SQS-managed SSE, not KMS: SNS and EventBridge can deliver into it without a key policy.
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance for Lambda event sources: at least six times the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(timeout.toSeconds() * 6 + maxBatchingWindow.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
      removalPolicy,
    });
    this.deadLetterAlarm = new DeadLetterAlarm(this, 'DeadLetterAlarm', {
      queue: this.deadLetterQueue,
      contents: `events the ingest function failed ${maxReceiveCount} times, or EventBridge could not deliver`,
      topic: props.operationsTopic,
    });

    for (const topic of props.topics) {
      topic.addSubscription(new subscriptions.SqsSubscription(this.queue, { rawMessageDelivery: false }));
    }
    this.rules = this.createRules();
    if (changePath.changeEvents === 'cloudtrail')
      this.changeEvents = new ChangeEvents(this, 'ChangeEvents', {
        queue: this.queue,
        deadLetterQueue: this.deadLetterQueue,
      });
    if (props.memberBus) {
      this.memberRules = this.createRules(props.memberBus);
      if (changePath.changeEvents === 'cloudtrail')
        this.memberChangeEvents = new ChangeEvents(this, 'MemberChangeEvents', {
          queue: this.queue,
          deadLetterQueue: this.deadLetterQueue,
          eventBus: props.memberBus,
        });
    }

    this.ingestFunction = new MonitorFunction(this, 'IngestFunction', {
      entry: 'lambdas/functions/event-ingest/handler.ts',
      description: 'Ingests media alarms and events into the state table and re-polls the affected resources',
      timeout,
      logRetention: props.logRetention,
      removalPolicy,
      environment: {
        ...monitorEnvironment(this, settings),
        // It re-polls resources of every service, each through that service's quota.
        ...quotaEnvironment(settings, MONITORED_SERVICES),
        [ENV.eventHistoryDays]: String(eventHistoryDays),
        [ENV.repollWindowSeconds]: String(repollWindowSeconds),
        [ENV.expectedTopicArns]: props.topics.map((t) => t.topicArn).join(','),
        ...changeEventsEnvironment(changePath),
      },
      rolePath: props.rolePath,
    });
    props.table.bind(this.ingestFunction.function, ALL_TABLE_ACTIONS);
    this.bindQueueSender(this.ingestFunction);
    // Re-polls: each service's describe (and MediaLive's alerts), read-only; then the resource's metrics.
    for (const service of MONITORED_SERVICES)
      for (const statement of service.repollStatements(this)) this.ingestFunction.addToRolePolicy(statement);
    this.ingestFunction.addToRolePolicy(getMetricDataStatement());
    this.ingestFunction.function.addEventSource(
      new SqsEventSource(this.queue, { batchSize, maxBatchingWindow, maxConcurrency, reportBatchItemFailures: true }),
    );
  }

  /**
   * Lets the function send trailing re-polls to the ingest queue (SendMessage on this queue only; the queue is
   * SQS-managed SSE, so no key grant) and names the queue in INGEST_QUEUE_URL.
   */
  private bindQueueSender(fn: MonitorFunction): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
    fn.function.addEnvironment(ENV.ingestQueueUrl, this.queue.queueUrl);
  }

  /** The media-event and alarm rules on the default bus, or (with `eventBus`) the same on the member bus. */
  private createRules(eventBus?: events.IEventBus): Record<string, events.Rule> {
    const target = new targets.SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue });
    const rules: Record<string, events.Rule> = {};
    // The default bus's ids stay as they were, so a single-account stack keeps its logical ids.
    const suffix = eventBus ? '-member' : '';
    const from = eventBus ? ' forwarded by member accounts' : '';
    for (const [source, eventPattern] of Object.entries(mediaServiceEventPatterns())) {
      const name = source.replace('aws.', '');
      rules[source] = new events.Rule(this, `${name}-events${suffix}`, {
        description: `Media monitor: ${source} events${from} to the ingest queue`,
        eventPattern,
        eventBus,
        targets: [target],
      });
    }
    rules['aws.cloudwatch'] = new events.Rule(this, `media-alarm-events${suffix}`, {
      description: `Media monitor: state changes of alarms on media-service metrics${from} to the ingest queue`,
      eventPattern: mediaAlarmEventPattern(),
      eventBus,
      targets: [target],
    });
    return rules;
  }
}

function validate(values: {
  batchSize: number;
  maxBatchingWindow: Duration;
  maxConcurrency: number;
  maxReceiveCount: number;
  eventHistoryDays: number;
  repollWindowSeconds: number;
}): void {
  const fail = (message: string): never => {
    throw new Error(`EventIngest: ${message}`);
  };
  if (!Number.isInteger(values.batchSize) || values.batchSize < 1 || values.batchSize > 10000)
    fail('batchSize must be 1-10000');
  if (values.batchSize > 10 && values.maxBatchingWindow.toSeconds() < 1)
    fail('batchSize above 10 needs a maxBatchingWindow');
  if (values.maxBatchingWindow.toSeconds() > 300) fail('maxBatchingWindow must be at most 5 minutes');
  if (values.maxConcurrency < 2 || values.maxConcurrency > 1000)
    fail('maxConcurrency must be 2-1000 (an SQS event source limit)');
  if (values.maxReceiveCount < 1 || values.maxReceiveCount > 1000) fail('maxReceiveCount must be 1-1000');
  if (values.eventHistoryDays < 1) fail('eventHistoryDays must be at least 1');
  if (values.repollWindowSeconds < 0) fail('repollWindowSeconds must not be negative');
}

export interface MemberEventBusProps {
  /** The deployment's name: the bus is `media-monitor-<deployment>` (monitorEventBusName). */
  readonly deploymentName: string;
  /** The member accounts that forward their events (watched targets with `forwardEvents`). */
  readonly memberAccounts: readonly string[];
}

/**
 * The custom bus member accounts forward their media events, alarm state changes and CloudTrail change events to
 * (their member stacks' rules target it by its fixed name). Its policy has one statement: `events:PutEvents` on this
 * bus for exactly the forwarding member accounts. A custom bus, not the default one, whose policy is account-wide and
 * often owned by someone else. The ingest's rules are created on it too (EventIngest `memberBus`).
 */
export class MemberEventBus extends Construct {
  public readonly bus: events.EventBus;
  public readonly policy: events.CfnEventBusPolicy;

  constructor(scope: Construct, id: string, props: MemberEventBusProps) {
    super(scope, id);
    const accounts = [...new Set(props.memberAccounts)];
    if (accounts.length === 0) throw new Error('MemberEventBus: no member account forwards events');
    const invalid = accounts.filter((a) => !/^\d{12}$/.test(a));
    if (invalid.length > 0) throw new Error(`MemberEventBus: not account ids: ${invalid.join(', ')}`);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: monitorEventBusName(props.deploymentName),
      description: `Media monitor: events that member accounts forward to deployment ${props.deploymentName}`,
    });
    const statement = new iam.PolicyStatement({
      sid: 'MemberAccountsPutEvents',
      principals: accounts.map((account) => new iam.AccountPrincipal(account)),
      actions: ['events:PutEvents'],
      resources: [this.bus.eventBusArn],
    });
    // The L1, with the statement's JSON: the L2 EventBusPolicy hands CloudFormation the PolicyStatement object itself.
    this.policy = new events.CfnEventBusPolicy(this, 'Policy', {
      eventBusName: this.bus.eventBusName,
      statementId: 'MemberAccountsPutEvents',
      statement: statement.toStatementJson(),
    });
  }
}
