import type {
  ChangeCallSpec,
  ChangeCallTable,
  ChangeTarget,
  ChangeVerb,
  CloudTrailCall,
  ServiceChangeCalls,
  UnwatchedCall,
} from '../events/change-calls';
import { child, param } from '../events/change-params';
import { parseMediaLiveArn, type MediaLiveResourceKind } from './arn';

/**
 * MediaLive's change calls (events/change-calls.ts): the inventory polls channels, inputs and input devices
 * (service.ts), so the calls on those are watched and name them; everything else MediaLive has (multiplexes, clusters,
 * nodes, networks, signal maps, templates, reservations, SDI sources, placement groups, the account configuration) is
 * unwatched.
 *
 * Which ARN: the response's own `arn` first (`channel.arn`, `input.arn`, or `arn` at the top), since it is the ARN the
 * pollers list and the store keys by, in AWS's form or in moto's (`arn:aws:medialive:channel:<hex>`, no region or
 * account, which the refresher accepts: arn.ts). Only when the response has none (DeleteInput, StartInputDevice, …)
 * is the ARN built from the id in the request, `arn:<partition>:medialive:<awsRegion>:<recipientAccountId>:<kind>:<id>`:
 * AWS's form, the one its listings return.
 *
 * A channel's calls also name the inputs it attaches: an input's stored record holds `attachedChannelIds` and its
 * state (ATTACHED/DETACHED), so creating, updating or deleting a channel changes them. An update names only the inputs
 * it attaches now; an input it detached is caught by the next sweep. A batch call (BatchStart, BatchStop, BatchDelete)
 * names the channels and inputs it acted on, not the inputs a batch-deleted channel had attached (the next sweep).
 */

const ID = /^[\w-]{1,128}$/;

/** The ARN at `arn` in `record`, when it is a MediaLive ARN of `kind` (AWS's or moto's form). */
function arnIn(record: unknown, kind: MediaLiveResourceKind): string | undefined {
  const arn = param(record, 'arn');
  return arn !== undefined && parseMediaLiveArn(arn)?.kind === kind ? arn : undefined;
}

/**
 * AWS's ARN of a MediaLive resource of the call's account and region, from its id (or moto's, with no region or
 * account, when `motoForm`); undefined for a malformed id.
 */
function builtArn(
  call: CloudTrailCall,
  partition: string,
  kind: MediaLiveResourceKind,
  id: string | undefined,
  motoForm = false,
): string | undefined {
  if (id === undefined || !ID.test(id)) return undefined;
  if (motoForm) return `arn:${partition}:medialive:${kind}:${id}`;
  return `arn:${partition}:medialive:${call.awsRegion}:${call.recipientAccountId}:${kind}:${id}`;
}

/**
 * The resource of a call on one channel, input or input device: the ARN in the response's `member` object
 * (`channel`, `input`) or at the response's top, else the ARN built from the request's `<kind>Id` (or the response's
 * `id`).
 */
function ownTarget(
  call: CloudTrailCall,
  partition: string,
  kind: MediaLiveResourceKind,
  member?: string,
): string | undefined {
  const response = call.responseElements;
  const nested = member ? child(response, member) : undefined;
  const arn = arnIn(nested, kind) ?? arnIn(response, kind);
  if (arn) return arn;
  const id = param(call.requestParameters, `${kind}Id`) ?? param(nested, 'id') ?? param(response, 'id');
  return builtArn(call, partition, kind, id);
}

/** The input ids of `inputAttachments` in a record (a channel in a request or a response). */
function attachedInputIds(record: unknown): string[] {
  if (!record || typeof record !== 'object') return [];
  const entry = Object.entries(record).find(([key]) => key.toLowerCase() === 'inputattachments');
  const attachments: unknown = entry?.[1];
  if (!Array.isArray(attachments)) return [];
  return attachments.flatMap((attachment) => {
    const id = param(attachment, 'inputId');
    return id === undefined ? [] : [id];
  });
}

function targetsOf(arns: readonly (string | undefined)[]): ChangeTarget[] {
  return [...new Set(arns.filter((arn): arn is string => arn !== undefined))].map((arn) => ({ arn }));
}

const spec = (verb: ChangeVerb, targets: ChangeCallSpec['targets']): ChangeCallSpec => ({ verb, targets });
const unwatched = (reason: string): UnwatchedCall => ({ unwatched: reason });

/** A call on one channel: the channel, and the inputs its attachments name in the request and the response. */
const channelCall = (verb: ChangeVerb): ChangeCallSpec =>
  spec(verb, (call, { partition }) => {
    const response = call.responseElements;
    const inputIds = [
      ...attachedInputIds(call.requestParameters),
      ...attachedInputIds(child(response, 'channel')),
      ...attachedInputIds(response),
    ];
    const channel = ownTarget(call, partition, 'channel', 'channel');
    // moto keys inputs as it keys channels, by ARNs with no region or account: a moto channel's inputs get moto's form.
    const motoForm = channel !== undefined && channel.split(':').length === 5;
    return targetsOf([channel, ...inputIds.map((id) => builtArn(call, partition, 'input', id, motoForm))]);
  });

/** A call that changes one channel's state only (Start, Stop): the channel. */
const channelStateCall = spec('update', (call, { partition }) =>
  targetsOf([ownTarget(call, partition, 'channel', 'channel')]),
);

const inputCall = (verb: ChangeVerb): ChangeCallSpec =>
  spec(verb, (call, { partition }) => targetsOf([ownTarget(call, partition, 'input', 'input')]));

const inputDeviceCall = spec('update', (call, { partition }) => targetsOf([ownTarget(call, partition, 'inputDevice')]));

/** The string members of the array at `name` (case-insensitive) in `record`: a batch request's `channelIds`. */
function idsAt(record: unknown, name: string): string[] {
  if (!record || typeof record !== 'object') return [];
  const entry = Object.entries(record).find(([key]) => key.toLowerCase() === name.toLowerCase());
  const ids: unknown = entry?.[1];
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/** The entries of the array at `name` (case-insensitive) in `record`, or undefined when there is no such array. */
function entriesAt(record: unknown, name: string): unknown[] | undefined {
  if (!record || typeof record !== 'object') return undefined;
  const entry = Object.entries(record).find(([key]) => key.toLowerCase() === name.toLowerCase());
  const entries: unknown = entry?.[1];
  return Array.isArray(entries) ? entries : undefined;
}

/**
 * A batch call (BatchStart, BatchStop, BatchDelete) on the channels and inputs it names; its multiplexes and input
 * security groups are not polled. When the response was recorded (`successful`, `failed`), the channels and inputs it
 * reports done, by their ARNs (AWS's form or moto's): a failed one did not change. Else the ARNs built from the
 * request's `channelIds` and `inputIds`.
 */
const batchCall = (verb: ChangeVerb): ChangeCallSpec =>
  spec(verb, (call, { partition }) => {
    const response = call.responseElements;
    const successful = entriesAt(response, 'successful');
    if (successful !== undefined || entriesAt(response, 'failed') !== undefined)
      return targetsOf(
        (successful ?? []).map((entry) => {
          const arn = param(entry, 'arn');
          const kind = arn === undefined ? undefined : parseMediaLiveArn(arn)?.kind;
          return kind === 'channel' || kind === 'input' ? arn : undefined;
        }),
      );
    const request = call.requestParameters;
    return targetsOf([
      ...idsAt(request, 'channelIds').map((id) => builtArn(call, partition, 'channel', id)),
      ...idsAt(request, 'inputIds').map((id) => builtArn(call, partition, 'input', id)),
    ]);
  });

/** Tags: the tagged resource, when it is one the inventory polls (a multiplex's or a group's tags change nothing). */
const tagsCall = spec('update', (call) => {
  const arn = param(call.requestParameters, 'resource-arn', 'resourceArn');
  return arn !== undefined && parseMediaLiveArn(arn) ? [{ arn }] : [];
});

const MULTIPLEX = 'multiplexes and their programs are not polled';
const ANYWHERE = 'MediaLive Anywhere clusters, nodes, networks, SDI sources and placement groups are not polled';
const SIGNAL_MAPS = 'workflow monitor signal maps and their templates are not polled';
const RESERVATION = 'reservations are not polled';
const SCHEDULE =
  "a channel's schedule is not stored; the input switches it makes arrive as the channel's Input Change events";

export const mediaLiveChangeCalls: ServiceChangeCalls = {
  eventSource: 'medialive.amazonaws.com',
  calls: {
    CreateChannel: channelCall('create'),
    UpdateChannel: channelCall('update'),
    UpdateChannelClass: channelCall('update'),
    DeleteChannel: channelCall('delete'),
    StartChannel: channelStateCall,
    StopChannel: channelStateCall,
    RestartChannelPipelines: channelStateCall,
    BatchStart: batchCall('update'),
    BatchStop: batchCall('update'),
    BatchDelete: batchCall('delete'),
    DeleteSchedule: unwatched(SCHEDULE),
    BatchUpdateSchedule: unwatched(SCHEDULE),

    CreateInput: inputCall('create'),
    // The new input is the response's only: the request's InputId is its parent, whose stored record does not change.
    CreatePartnerInput: spec('create', (call) => targetsOf([arnIn(child(call.responseElements, 'input'), 'input')])),
    UpdateInput: inputCall('update'),
    DeleteInput: inputCall('delete'),

    // An input's record holds its security groups with their whitelist rules: an update changes the inputs that use
    // the group, which the response lists by id.
    UpdateInputSecurityGroup: spec('update', (call, { partition }) =>
      targetsOf(
        idsAt(child(call.responseElements, 'securityGroup'), 'inputs').map((id) =>
          builtArn(call, partition, 'input', id),
        ),
      ),
    ),
    CreateInputSecurityGroup: unwatched(
      'a new input security group is used by no input yet; the input that takes it changes through CreateInput or UpdateInput',
    ),
    DeleteInputSecurityGroup: unwatched('MediaLive deletes only an input security group that no input uses'),

    UpdateInputDevice: inputDeviceCall,
    StartInputDevice: inputDeviceCall,
    StopInputDevice: inputDeviceCall,
    StartInputDeviceMaintenanceWindow: inputDeviceCall,
    RebootInputDevice: inputDeviceCall,
    // A transfer moves a device between accounts: the accepting account's re-poll adds it (the sender's sweep drops
    // it); an offer, a rejection or a cancellation leaves it where it is, and the re-poll re-reads its state.
    TransferInputDevice: inputDeviceCall,
    AcceptInputDeviceTransfer: inputDeviceCall,
    RejectInputDeviceTransfer: inputDeviceCall,
    CancelInputDeviceTransfer: inputDeviceCall,
    // A claimed device joins the account's input devices: the request's `id` is its id.
    ClaimDevice: spec('create', (call, { partition }) =>
      targetsOf([builtArn(call, partition, 'inputDevice', param(call.requestParameters, 'id'))]),
    ),

    CreateTags: tagsCall,
    DeleteTags: tagsCall,

    CreateMultiplex: unwatched(MULTIPLEX),
    UpdateMultiplex: unwatched(MULTIPLEX),
    DeleteMultiplex: unwatched(MULTIPLEX),
    StartMultiplex: unwatched(MULTIPLEX),
    StopMultiplex: unwatched(MULTIPLEX),
    CreateMultiplexProgram: unwatched(MULTIPLEX),
    UpdateMultiplexProgram: unwatched(MULTIPLEX),
    DeleteMultiplexProgram: unwatched(MULTIPLEX),

    CreateChannelPlacementGroup: unwatched(ANYWHERE),
    UpdateChannelPlacementGroup: unwatched(ANYWHERE),
    DeleteChannelPlacementGroup: unwatched(ANYWHERE),
    CreateCluster: unwatched(ANYWHERE),
    UpdateCluster: unwatched(ANYWHERE),
    DeleteCluster: unwatched(ANYWHERE),
    CreateNetwork: unwatched(ANYWHERE),
    UpdateNetwork: unwatched(ANYWHERE),
    DeleteNetwork: unwatched(ANYWHERE),
    CreateNode: unwatched(ANYWHERE),
    CreateNodeRegistrationScript: unwatched(ANYWHERE),
    UpdateNode: unwatched(ANYWHERE),
    UpdateNodeState: unwatched(ANYWHERE),
    DeleteNode: unwatched(ANYWHERE),
    CreateSdiSource: unwatched(ANYWHERE),
    UpdateSdiSource: unwatched(ANYWHERE),
    DeleteSdiSource: unwatched(ANYWHERE),

    CreateSignalMap: unwatched(SIGNAL_MAPS),
    DeleteSignalMap: unwatched(SIGNAL_MAPS),
    StartUpdateSignalMap: unwatched(SIGNAL_MAPS),
    StartMonitorDeployment: unwatched(SIGNAL_MAPS),
    StartDeleteMonitorDeployment: unwatched(SIGNAL_MAPS),
    CreateCloudWatchAlarmTemplate: unwatched(SIGNAL_MAPS),
    UpdateCloudWatchAlarmTemplate: unwatched(SIGNAL_MAPS),
    DeleteCloudWatchAlarmTemplate: unwatched(SIGNAL_MAPS),
    CreateCloudWatchAlarmTemplateGroup: unwatched(SIGNAL_MAPS),
    UpdateCloudWatchAlarmTemplateGroup: unwatched(SIGNAL_MAPS),
    DeleteCloudWatchAlarmTemplateGroup: unwatched(SIGNAL_MAPS),
    CreateEventBridgeRuleTemplate: unwatched(SIGNAL_MAPS),
    UpdateEventBridgeRuleTemplate: unwatched(SIGNAL_MAPS),
    DeleteEventBridgeRuleTemplate: unwatched(SIGNAL_MAPS),
    CreateEventBridgeRuleTemplateGroup: unwatched(SIGNAL_MAPS),
    UpdateEventBridgeRuleTemplateGroup: unwatched(SIGNAL_MAPS),
    DeleteEventBridgeRuleTemplateGroup: unwatched(SIGNAL_MAPS),

    PurchaseOffering: unwatched(RESERVATION),
    UpdateReservation: unwatched(RESERVATION),
    DeleteReservation: unwatched(RESERVATION),
    UpdateAccountConfiguration: unwatched('the account configuration (its KMS key) is not polled'),
  } satisfies ChangeCallTable,
};
