import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type { Construct } from 'constructs';
import type { MonitorFunction } from './monitor-function';

/**
 * The EventBridge rule that runs a scheduled poller. A hand-off EventBridge cannot make (Lambda throttling) is not
 * retried: the event goes to the function's dead-letter queue, which alarms, and the next scheduled run comes anyway.
 * A retry would run beside the next scheduled run, and each run holds a lease (`lambdas/store/lease.ts`) that makes an
 * overlapping one skip.
 */
export function schedulePoller(
  scope: Construct,
  id: string,
  fn: MonitorFunction,
  schedule: events.Schedule,
): events.Rule {
  if (!fn.deadLetterQueue)
    throw new Error(`schedulePoller(${id}): the function needs asyncInvocation (a dead-letter queue)`);
  return new events.Rule(scope, id, {
    schedule,
    description: `Media monitor: runs ${fn.node.path}`,
    targets: [
      new targets.LambdaFunction(fn.function, {
        retryAttempts: 0,
        maxEventAge: Duration.minutes(2),
        deadLetterQueue: fn.deadLetterQueue,
      }),
    ],
  });
}
