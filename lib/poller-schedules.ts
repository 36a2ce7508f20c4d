import { Duration, NestedStack, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { parseTargetKey } from '../lambdas/shared/watched-targets';
import type { MonitorFunction } from './monitor-function';

/** One scheduled function and the targets it runs for, each on its own schedule expression. */
export interface ScheduledPoller {
  /** The poller's name (`mediaconnect-inventory`, `metrics`, `alarm-reconcile`): the schedules' name prefix. */
  readonly poller: string;
  readonly function: MonitorFunction;
  /** One entry per target: its key (`<account>#<region>`) and its schedule (`rate(5 minutes)`, `cron(…)`). */
  readonly targets: readonly { readonly key: string; readonly schedule: string }[];
}

export interface PollerSchedulesProps {
  /** The schedule group's name (`media-monitor-<deployment>`). */
  readonly groupName: string;
  readonly pollers: readonly ScheduledPoller[];
  /**
   * At most this many schedules per nested stack (CloudFormation allows 500 resources per stack; each nested stack
   * also holds one role and its policy).
   * @default 450
   */
  readonly maxSchedulesPerStack?: number;
}

/**
 * The schedules of a deployment that watches many targets: EventBridge Scheduler, one schedule per (poller, target),
 * whose input `{"target": "<account>#<region>"}` names the one target the invocation polls
 * (lambdas/polling/target-event.ts). The function resolves the key in its registry, so a schedule can name a target
 * but never a role. Each target gets its own invocation: targets poll in parallel, a slow or failing target delays
 * no other, and each target's schedule can differ (its `inventorySchedule`/`metricsSchedule` override).
 *
 * The schedules live in nested stacks (`PollerSchedules`, then `PollerSchedules2`, … when one would pass
 * `maxSchedulesPerStack`), so a deployment of 100 targets × 6 pollers stays under CloudFormation's 500 resources per
 * stack. The first nested stack holds the schedule group `media-monitor-<deployment>`.
 *
 * Like the single-target rule (lib/poller-schedule.ts), a hand-off Scheduler cannot make is not retried (retry 0,
 * 2 minutes): the event goes to the function's dead-letter queue, which alarms, and the next run comes anyway. Scheduler
 * invokes Lambda asynchronously, so the function's own retry setting (0 for the pollers) applies after the hand-off.
 * Scheduler invokes and writes to the dead-letter queue through one role per nested stack, trusted by
 * scheduler.amazonaws.com only for this account's schedules of this group, allowed `lambda:InvokeFunction` on exactly
 * the scheduled functions and `sqs:SendMessage` on exactly their dead-letter queues.
 */
export class PollerSchedules extends Construct {
  public readonly group: scheduler.IScheduleGroup;
  public readonly nestedStacks: readonly NestedStack[];
  /** By `<poller> <target key>`. */
  public readonly schedules: Readonly<Record<string, scheduler.Schedule>>;

  constructor(scope: Construct, id: string, props: PollerSchedulesProps) {
    super(scope, id);
    const maxPerStack = props.maxSchedulesPerStack ?? 450;
    if (!Number.isInteger(maxPerStack) || maxPerStack < 1)
      throw new Error('PollerSchedules: maxSchedulesPerStack must be a positive integer');
    if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(props.groupName))
      throw new Error(`PollerSchedules: "${props.groupName}" is not a schedule group name (1-64 of [0-9a-zA-Z-_.])`);
    const entries = props.pollers.flatMap((poller) => {
      if (!poller.function.deadLetterQueue)
        throw new Error(`PollerSchedules(${poller.poller}): the function needs asyncInvocation (a dead-letter queue)`);
      return poller.targets.map((target) => ({ poller, ...target }));
    });
    if (entries.length === 0) throw new Error('PollerSchedules: no schedule to create');

    const stacks: NestedStack[] = [];
    const schedules: Record<string, scheduler.Schedule> = {};
    let group: scheduler.IScheduleGroup | undefined;
    for (let start = 0; start < entries.length; start += maxPerStack) {
      const chunk = entries.slice(start, start + maxPerStack);
      const nested = new NestedStack(
        this,
        stacks.length === 0 ? 'PollerSchedules' : `PollerSchedules${stacks.length + 1}`,
        {
          description: `Media monitor: the pollers' schedules, one per target (${chunk.length})`,
        },
      );
      if (group === undefined) {
        group = new scheduler.ScheduleGroup(nested, 'Group', { scheduleGroupName: props.groupName });
      } else {
        nested.node.addDependency(stacks[0]!);
      }
      const chunkGroup =
        stacks.length === 0 ? group : scheduler.ScheduleGroup.fromScheduleGroupName(nested, 'Group', props.groupName);
      const role = schedulerRole(nested, chunkGroup, [...new Set(chunk.map((e) => e.poller.function))]);
      for (const { poller, key, schedule } of chunk) {
        const where = parseTargetKey(key);
        if (!where) throw new Error(`PollerSchedules(${poller.poller}): "${key}" is not <account>#<region>`);
        const name = `${poller.poller}-${where.account}-${where.region}`;
        if (name.length > 64) throw new Error(`PollerSchedules: schedule name ${name} is over 64 characters`);
        const created = new scheduler.Schedule(nested, name, {
          scheduleName: name,
          scheduleGroup: chunkGroup,
          description: `Media monitor: runs ${poller.poller} for ${key}`,
          schedule: scheduler.ScheduleExpression.expression(schedule),
          timeWindow: scheduler.TimeWindow.off(),
          target: new schedulerTargets.LambdaInvoke(poller.function.function, {
            // The role's policy is written here, exactly; the target must not add its own grants to it.
            role: role.withoutPolicyUpdates(),
            input: scheduler.ScheduleTargetInput.fromObject({ target: key }),
            retryAttempts: 0,
            maxEventAge: Duration.minutes(2),
            deadLetterQueue: poller.function.deadLetterQueue,
          }),
        });
        // A created group is named by its literal name, not a reference: without this, nothing orders them.
        if (group instanceof scheduler.ScheduleGroup) created.node.addDependency(group);
        schedules[`${poller.poller} ${key}`] = created;
      }
      stacks.push(nested);
    }
    this.group = group!;
    this.nestedStacks = stacks;
    this.schedules = schedules;
  }
}

/**
 * The role Scheduler assumes in one nested stack: trusted by scheduler.amazonaws.com only on behalf of this account's
 * schedule group (the confused-deputy conditions AWS documents), allowed to invoke exactly the scheduled functions
 * (unqualified ARNs: the schedules invoke $LATEST) and to send to exactly their dead-letter queues.
 */
function schedulerRole(
  scope: Construct,
  group: scheduler.IScheduleGroup,
  functions: readonly MonitorFunction[],
): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'SchedulerRole', {
    description: 'Media monitor: EventBridge Scheduler invokes the pollers and writes their dead-letter queues',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': group.scheduleGroupArn },
      },
    }),
  });
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: functions.map((fn) => fn.function.functionArn),
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['sqs:SendMessage'],
      resources: functions.map((fn) => fn.deadLetterQueue!.queueArn),
    }),
  );
  return role;
}
