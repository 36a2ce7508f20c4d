import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cloudTrailEvent, wireShape } from '../../../bin/local/cloudtrail-events';
import {
  isMutatingCall,
  isWatched,
  watchedCallNames,
  type ChangeCallSpec,
  type ChangeCallTable,
  type ChangeTarget,
  type ChangeVerb,
  type CloudTrailCall,
  type ServiceChangeCalls,
} from '../../../lambdas/events/change-calls';
import type { ServiceModule } from '../../../lambdas/events/services/service-module';

/**
 * What the per-service change-call tests share: the mutating commands of an SDK, read from the installed client's
 * command list; the `CloudTrailCall` a `cloudTrailEvent` (bin/local/cloudtrail-events.ts) carries, read from its detail
 * as the ingest reads it; builders of a service's recorded calls; and `describeChangeCallTable`, the tests every
 * service's table passes. Each service's test file keeps its own cases and its service-specific tests.
 */

/** Every mutating command name of `@aws-sdk/client-<service>`, sorted: `CreateChannel`, `TagResource`, … */
export function mutatingCommandsOf(service: string): string[] {
  const root = dirname(require.resolve(`@aws-sdk/client-${service}/package.json`));
  return readdirSync(join(root, 'dist-types', 'commands'))
    .filter((file) => file.endsWith('Command.d.ts'))
    .map((file) => file.slice(0, -'Command.d.ts'.length))
    .filter(isMutatingCall)
    .sort();
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The call in an EventBridge `AWS API Call via CloudTrail` event's detail. */
export function callOf(event: Record<string, unknown>): CloudTrailCall {
  const detail = record(event.detail);
  const actor = text(record(detail.userIdentity).arn);
  return {
    eventName: text(detail.eventName),
    eventSource: text(detail.eventSource),
    eventTime: new Date(text(detail.eventTime)).toISOString(),
    eventTimeMs: Date.parse(text(detail.eventTime)),
    eventId: text(detail.eventID),
    awsRegion: text(detail.awsRegion),
    recipientAccountId: text(detail.recipientAccountId),
    ...(actor ? { actor } : {}),
    requestParameters: record(detail.requestParameters),
    responseElements: record(detail.responseElements),
  };
}

/** Where a service's calls are recorded, and the wire shape CloudTrail gives their members (`wireShape`). */
export interface RecordedCallSetting {
  /** `mediaconnect`, `medialive`, `mediapackage`, `mediapackagev2`. */
  readonly service: string;
  readonly account: string;
  readonly region: string;
  /** `camel` for MediaConnect, MediaLive and MediaPackage v1; `as-is` for MediaPackage v2. */
  readonly style: 'camel' | 'as-is';
  /** The event's time. @default now */
  readonly time?: Date;
}

/** One recorded call's deviations from its service's setting. */
export interface RecordedCallOptions {
  /** @default the setting's region */
  readonly region?: string;
  /** The account whose resource it is, when another account made the call. @default the setting's account */
  readonly recipientAccountId?: string;
}

/** Builds a recorded call from an SDK request (null: CloudTrail recorded no parameters) and its response, if any. */
export type RecordedCallBuilder<T> = (
  eventName: string,
  request: object | null,
  response?: object,
  options?: RecordedCallOptions,
) => T;

/** The EventBridge event CloudTrail delivers for an SDK call of the service, its request and response in wire shape. */
export function changeEventBuilder(setting: RecordedCallSetting): RecordedCallBuilder<Record<string, unknown>> {
  const { service, account, region, style, time } = setting;
  return (eventName, request, response, options = {}) =>
    cloudTrailEvent({
      service,
      eventName,
      account,
      region: options.region ?? region,
      ...(time ? { time } : {}),
      requestParameters: request && (wireShape(request, style) as Record<string, unknown>),
      ...(response ? { responseElements: wireShape(response, style) as Record<string, unknown> } : {}),
      ...(options.recipientAccountId ? { recipientAccountId: options.recipientAccountId } : {}),
    });
}

/** The call CloudTrail records for an SDK call of the service, as the ingest reads it. */
export function changeCallBuilder(setting: RecordedCallSetting): RecordedCallBuilder<CloudTrailCall> {
  const event = changeEventBuilder(setting);
  return (...args) => callOf(event(...args));
}

/** The table's spec for a watched call; throws for a call the table does not watch. */
export function watchedSpec(table: ChangeCallTable, eventName: string): ChangeCallSpec {
  const spec = table[eventName];
  if (!isWatched(spec)) throw new Error(`${eventName} is not watched`);
  return spec;
}

/** Reads the resources a recorded call changed, with the table's spec for its name, in a partition (`aws` default). */
export const targetsReader =
  (table: ChangeCallTable) =>
  (call: CloudTrailCall, partition = 'aws'): ChangeTarget[] =>
    watchedSpec(table, call.eventName).targets(call, { partition });

/** One realistic recorded call of a watched call, and what its spec must read from it. */
export interface WatchedCase {
  readonly verb: ChangeVerb;
  readonly call: CloudTrailCall;
  readonly targets: ChangeTarget[];
}

export interface ChangeCallTableSuite {
  /** The service's display name in the test names: `MediaLive`, `MediaPackage v2`. */
  readonly label: string;
  /** The service module whose table it is; its `name` names the SDK (`@aws-sdk/client-<name>`) and event source. */
  readonly module: ServiceModule;
  /** The service's table, as its `<service>-changes.ts` exports it. */
  readonly changeCalls: ServiceChangeCalls;
  /**
   * What the installed SDK is known to hold, so that a read of its command list that finds few or none fails rather
   * than matching an emptied table.
   */
  readonly sdkCommands: { readonly atLeast: number; readonly including: readonly string[] };
  /** One case for every watched call, by call name. */
  readonly cases: Readonly<Record<string, WatchedCase>>;
}

/**
 * Registers, in the calling `describe`, the tests every service's change-call table passes: it lists exactly the
 * SDK's mutating commands; it is the service module's table, for the service's CloudTrail event source; it watches
 * exactly the calls it has a case for and gives every other call a reason; each case's call resolves to its verb and
 * targets.
 */
export function describeChangeCallTable(suite: ChangeCallTableSuite): void {
  const { label, module, changeCalls, sdkCommands, cases } = suite;
  const { calls } = changeCalls;

  it(`lists exactly the mutating commands of @aws-sdk/client-${module.name}`, () => {
    // Prepare
    const commands = mutatingCommandsOf(module.name);

    // Act
    const listed = Object.keys(calls).sort();

    // Assess
    expect(commands.length).toBeGreaterThanOrEqual(sdkCommands.atLeast);
    expect(commands).toEqual(expect.arrayContaining([...sdkCommands.including]));
    expect(listed).toEqual(commands);
  });

  it(`is the ${label} service module’s table, for the ${module.name}.amazonaws.com event source`, () => {
    // Act
    const moduleCalls = module.changeCalls;

    // Assess
    expect(moduleCalls).toBe(changeCalls);
    expect(moduleCalls?.eventSource).toBe(`${module.name}.amazonaws.com`);
  });

  it('watches exactly the calls it has a case for, and gives every other call a reason', () => {
    // Act
    const names = watchedCallNames(calls);
    const reasons = Object.values(calls).flatMap((spec) => (isWatched(spec) ? [] : [spec.unwatched]));

    // Assess
    expect(names).toEqual(Object.keys(cases).sort());
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(20);
  });

  it.each(Object.entries(cases))('reads the resources %s changed from its CloudTrail record', (name, expected) => {
    // Act
    const spec = watchedSpec(calls, name);
    const targets = spec.targets(expected.call, { partition: 'aws' });

    // Assess
    expect(expected.call.eventName).toBe(name);
    expect(spec.verb).toBe(expected.verb);
    expect(targets).toEqual(expected.targets);
  });
}
