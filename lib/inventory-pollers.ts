import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { INVENTORY_INSTANCES } from '../lambdas/shared/service-quota';
import { resolveChangePathSettings, sweepEnvironment, type ChangePathSettings } from './change-events';
import { inventoryIntervalSeconds } from './config';
import { DeadLetterAlarm } from './dead-letter-alarm';
import { MonitorFunction } from './monitor-function';
import { monitorEnvironment, quotaEnvironment, resolveMonitorSettings, type MonitorSettings } from './monitor-settings';
import { schedulePoller } from './poller-schedule';
import { MONITORED_SERVICES } from './services/registry';
import type { MonitoredService } from './services/service-definition';
import type { StateTable } from './state-table';

export interface InventoryPollersProps {
  readonly table: StateTable;
  /**
   * The services to poll.
   * @default MONITORED_SERVICES
   */
  readonly services?: readonly MonitoredService[];
  /**
   * When each service's inventory runs, by service key; a service not named runs on `defaultSchedule`.
   * @default {}
   */
  readonly schedules?: Readonly<Record<string, events.Schedule>>;
  /**
   * The schedule of every service the `schedules` do not name.
   * @default - each service's own default (rate(5 minutes))
   */
  readonly defaultSchedule?: events.Schedule;
  /** @default - DEFAULT_MONITOR_SETTINGS */
  readonly settings?: MonitorSettings;
  /**
   * Where the dead-letter alarms publish.
   * @default - the alarms have no action
   */
  readonly operationsTopic?: sns.ITopic;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The change path's mode and the sweep periods each function picks from (CHANGE_EVENTS, SWEEP_PERIOD_*_MINUTES,
   * with its schedule's INVENTORY_INTERVAL_SECONDS).
   * @default - changeEvents 'cloudtrail', sweepPeriodMinutes { live: 60, off: 5 }
   */
  readonly changePath?: ChangePathSettings;
  /**
   * Create each function's EventBridge rule. A deployment that watches many targets schedules the functions per
   * target instead (PollerSchedules).
   * @default true
   */
  readonly scheduled?: boolean;
  /**
   * How many targets (accounts and Regions) the functions poll. With one, each function reserves one instance (its
   * share of the service's quota is paced per instance). With more, none: each invocation polls one target, the
   * per-target lease `POLLER#<poller>#<account>#<region>` keeps one run per target, and targets must poll in parallel
   * (a reservation of one would serialize them; one per target would take targets × services instances from the
   * account's unreserved pool, which small accounts cannot spare).
   * @default 1
   */
  readonly targetCount?: number;
  /** The execution roles' path (MonitorFunction.rolePath). @default - no path */
  readonly rolePath?: string;
}

/** One service's inventory poller. */
export interface ServiceInventoryPoller {
  readonly service: MonitoredService;
  readonly function: MonitorFunction;
  /** Absent when the deployment schedules the function per target. */
  readonly rule?: events.Rule;
  readonly schedule: events.Schedule;
}

/**
 * One scheduled inventory function per registered service: it lists and describes the service's resources and
 * diff-writes them to the table, read-only on the service and with that service's quota only.
 *
 * One function per service, not one for all: each role reads one service (least privilege), each bundle carries one
 * service SDK (smaller cold starts), a fault or a slow describe in one service cannot stop another's poll, and each
 * paces at its own service's quota.
 *
 * A scheduled run that fails is never retried (neither by EventBridge nor by Lambda's async retries): each run holds a
 * lease that makes an overlapping one skip, and the next scheduled run continues where the failed one stopped. A failed
 * run lands in the function's dead-letter queue, which alarms.
 */
export class InventoryPollers extends Construct {
  /** By service key. */
  public readonly pollers: Readonly<Record<string, ServiceInventoryPoller>>;

  constructor(scope: Construct, id: string, props: InventoryPollersProps) {
    super(scope, id);
    const settings = resolveMonitorSettings(props.settings);
    const services = props.services ?? MONITORED_SERVICES;
    const unknown = Object.keys(props.schedules ?? {}).filter((key) => !services.some((s) => s.service === key));
    if (unknown.length > 0) throw new Error(`InventoryPollers: schedules for unknown services: ${unknown.join(', ')}`);

    const changePath = resolveChangePathSettings(props.changePath);
    const targetCount = props.targetCount ?? 1;
    if (!Number.isInteger(targetCount) || targetCount < 1)
      throw new Error('InventoryPollers: targetCount must be a positive integer');

    const pollers: Record<string, ServiceInventoryPoller> = {};
    for (const service of services) {
      const schedule =
        props.schedules?.[service.service] ??
        props.defaultSchedule ??
        events.Schedule.expression(service.defaultInventorySchedule);
      // A large estate is spread over several invocations: each stops starting describes before its remaining time
      // runs out and the next continues from a cursor.
      const fn = new MonitorFunction(this, `${service.displayName}Function`, {
        entry: service.inventoryEntry,
        description: service.inventoryDescription,
        timeout: Duration.minutes(4),
        asyncInvocation: { retryAttempts: 0, maxEventAge: Duration.minutes(4) },
        // One instance at a time: its share of the service's quota is paced per instance. Many targets: see targetCount.
        reservedConcurrentExecutions: targetCount === 1 ? INVENTORY_INSTANCES : undefined,
        rolePath: props.rolePath,
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        environment: {
          ...monitorEnvironment(this, settings),
          ...quotaEnvironment(settings, [service]),
          // It reads the change path's partition (one Query) to pick its sweep period.
          ...sweepEnvironment(changePath, inventoryIntervalSeconds(schedule.expressionString)),
        },
      });
      props.table.bind(fn.function, ['GetItem', 'Query', 'PutItem', 'UpdateItem', 'DeleteItem']);
      for (const statement of service.inventoryStatements(this)) fn.addToRolePolicy(statement);
      const rule =
        (props.scheduled ?? true) ? schedulePoller(this, `${service.displayName}Schedule`, fn, schedule) : undefined;
      new DeadLetterAlarm(this, `${service.displayName}DeadLetterAlarm`, {
        queue: fn.deadLetterQueue!,
        contents: `failed scheduled ${service.displayName} inventory polls`,
        topic: props.operationsTopic,
      });
      pollers[service.service] = { service, function: fn, rule, schedule };
    }
    this.pollers = pollers;
  }

  /** Every inventory function, in registry order. */
  public get functions(): MonitorFunction[] {
    return Object.values(this.pollers).map((p) => p.function);
  }
}
