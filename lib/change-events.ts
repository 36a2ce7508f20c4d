import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CLOUDTRAIL_DETAIL_TYPE, watchedCallNames } from '../lambdas/events/change-calls';
import type { ServiceModule } from '../lambdas/events/services/service-module';
import { SERVICE_MODULES } from '../lambdas/events/services/service-registry';
import { ENV } from '../lambdas/shared/env';
import { DEFAULT_SWEEP_PERIODS, type ChangeEventsMode } from '../lambdas/store/change-path';

/**
 * EventBridge's default quota on an event pattern's size, in characters (adjustable to 4,096). MediaLive's pattern,
 * with every mutating call of its SDK watched, measures 1,884 (684 with the calls it watches).
 */
export const EVENT_PATTERN_MAX_CHARS = 2048;

/** How the deployment sees configuration changes, and how fast its inventory sweeps with and without them. */
export interface ChangePathSettings {
  /**
   * `cloudtrail`: one rule per service routes its CloudTrail management calls to the ingest; `off`: none.
   * @default 'cloudtrail'
   */
  readonly changeEvents?: ChangeEventsMode;
  /**
   * Minutes within which the rolling sweep describes every resource: `live` while the change path is proven live,
   * `off` otherwise (unproven, broken or off).
   * @default { live: 60, off: 5 }
   */
  readonly sweepPeriodMinutes?: { readonly live: number; readonly off: number };
}

export type ResolvedChangePathSettings = Required<ChangePathSettings>;

/** The settings with their defaults; throws on periods that are not whole minutes, or `off` above `live`. */
export function resolveChangePathSettings(settings: ChangePathSettings = {}): ResolvedChangePathSettings {
  const changeEvents = settings.changeEvents ?? 'cloudtrail';
  const sweepPeriodMinutes = settings.sweepPeriodMinutes ?? {
    live: DEFAULT_SWEEP_PERIODS.liveMinutes,
    off: DEFAULT_SWEEP_PERIODS.offMinutes,
  };
  if (changeEvents !== 'cloudtrail' && changeEvents !== 'off')
    throw new Error(`changeEvents must be "cloudtrail" or "off", got "${String(changeEvents)}"`);
  const { live, off } = sweepPeriodMinutes;
  if (![live, off].every((m) => Number.isInteger(m) && m >= 1 && m <= 24 * 60))
    throw new Error(`sweepPeriodMinutes must be whole minutes, 1-1440: got live ${live}, off ${off}`);
  if (off > live) throw new Error(`sweepPeriodMinutes.off (${off}) must not exceed sweepPeriodMinutes.live (${live})`);
  return { changeEvents, sweepPeriodMinutes: { live, off } };
}

/** CHANGE_EVENTS: what the ingest and the API need (the ingest records deliveries, the API its own calls). */
export function changeEventsEnvironment(settings: ResolvedChangePathSettings): Record<string, string> {
  return { [ENV.changeEvents]: settings.changeEvents };
}

/**
 * What an inventory function needs to pick its sweep period: the mode, both periods and its schedule's interval
 * (`inventoryIntervalSeconds`: a rate's period, 300 for a cron). Throws when a period is shorter than the interval.
 */
export function sweepEnvironment(
  settings: ResolvedChangePathSettings,
  inventoryIntervalSeconds: number,
): Record<string, string> {
  const { live, off } = settings.sweepPeriodMinutes;
  if (Math.min(live, off) * 60 < inventoryIntervalSeconds)
    throw new Error(
      `sweepPeriodMinutes (live ${live}, off ${off}) must each be at least the inventory interval ` +
        `(${inventoryIntervalSeconds} s)`,
    );
  return {
    ...changeEventsEnvironment(settings),
    [ENV.sweepPeriodLiveMinutes]: String(live),
    [ENV.sweepPeriodOffMinutes]: String(off),
    [ENV.inventoryIntervalSeconds]: String(inventoryIntervalSeconds),
  };
}

/** The event pattern of one service's change rule: its watched CloudTrail calls that succeeded. */
export function changeEventPattern(module: ServiceModule): events.EventPattern | undefined {
  const changeCalls = module.changeCalls;
  if (!changeCalls) return undefined;
  const eventName = watchedCallNames(changeCalls.calls);
  if (eventName.length === 0) return undefined;
  return {
    source: [module.eventSource],
    detailType: [CLOUDTRAIL_DETAIL_TYPE],
    // CloudTrail records failed calls too (with errorCode); they changed nothing.
    detail: { eventSource: [changeCalls.eventSource], eventName, errorCode: [{ exists: false }] },
  };
}

export interface ChangeEventsProps {
  /** Where the rules deliver: the ingest queue. */
  readonly queue: sqs.IQueue;
  /** Where EventBridge puts what it cannot deliver to the queue. */
  readonly deadLetterQueue: sqs.IQueue;
  /**
   * The service modules; each with `changeCalls` (and at least one watched call) gets a rule.
   * @default SERVICE_MODULES
   */
  readonly modules?: readonly ServiceModule[];
  /**
   * The bus the rules are on. The member bus gets the same rules: member stacks forward their CloudTrail change events
   * there, each keeping its own account.
   * @default - the default bus
   */
  readonly eventBus?: events.IEventBus;
}

/**
 * The change path's rules: one EventBridge rule per service module with a change-call table, on the default bus,
 * matching that service's watched `AWS API Call via CloudTrail` events without an `errorCode`, delivered to the ingest
 * queue (whose policy admits each rule by its ARN, like the service-event rules). CloudTrail puts these events on the
 * default bus only when the account has a trail with management events; matching AWS service events there is free.
 */
export class ChangeEvents extends Construct {
  /** By event source (`aws.mediaconnect`, …). */
  public readonly rules: Readonly<Record<string, events.Rule>>;

  constructor(scope: Construct, id: string, props: ChangeEventsProps) {
    super(scope, id);
    const target = new targets.SqsQueue(props.queue, { deadLetterQueue: props.deadLetterQueue });
    const rules: Record<string, events.Rule> = {};
    for (const module of props.modules ?? SERVICE_MODULES) {
      const eventPattern = changeEventPattern(module);
      if (!eventPattern) continue;
      if (rules[module.eventSource]) throw new Error(`ChangeEvents: two modules for ${module.eventSource}`);
      const size = renderedPatternSize(eventPattern);
      if (size > EVENT_PATTERN_MAX_CHARS)
        throw new Error(
          `ChangeEvents: the ${module.eventSource} pattern is ${size} characters, over EventBridge's ` +
            `${EVENT_PATTERN_MAX_CHARS}`,
        );
      rules[module.eventSource] = new events.Rule(this, `${module.eventSource.replace('aws.', '')}-changes`, {
        description: `Media monitor: successful ${module.eventSource} configuration calls (CloudTrail) to the ingest queue`,
        eventPattern,
        eventBus: props.eventBus,
        targets: [target],
      });
    }
    this.rules = rules;
  }
}

/** The pattern as CloudFormation sends it (`detail-type`, not `detailType`), in characters. */
function renderedPatternSize(pattern: events.EventPattern): number {
  const { detailType, ...rest } = pattern;
  return JSON.stringify({ ...rest, 'detail-type': detailType }).length;
}
