import type {
  AcceptInputDeviceTransferRequest,
  BatchDeleteRequest,
  BatchDeleteResponse,
  BatchStartRequest,
  BatchStartResponse,
  BatchStopRequest,
  BatchStopResponse,
  CancelInputDeviceTransferRequest,
  ClaimDeviceRequest,
  CreateChannelRequest,
  CreateChannelResponse,
  CreateInputRequest,
  CreateInputResponse,
  CreatePartnerInputRequest,
  CreatePartnerInputResponse,
  CreateTagsRequest,
  DeleteChannelRequest,
  DeleteChannelResponse,
  DeleteInputRequest,
  DeleteTagsRequest,
  RebootInputDeviceRequest,
  RejectInputDeviceTransferRequest,
  RestartChannelPipelinesRequest,
  RestartChannelPipelinesResponse,
  StartChannelRequest,
  StartChannelResponse,
  StartInputDeviceMaintenanceWindowRequest,
  StartInputDeviceRequest,
  StopChannelRequest,
  StopChannelResponse,
  StopInputDeviceRequest,
  TransferInputDeviceRequest,
  UpdateChannelClassRequest,
  UpdateChannelClassResponse,
  UpdateChannelRequest,
  UpdateChannelResponse,
  UpdateInputDeviceRequest,
  UpdateInputDeviceResponse,
  UpdateInputRequest,
  UpdateInputResponse,
  UpdateInputSecurityGroupRequest,
  UpdateInputSecurityGroupResponse,
} from '@aws-sdk/client-medialive';
import { ingestMessages } from '../../../lambdas/events/ingest';
import { mediaLiveChangeCalls } from '../../../lambdas/medialive/medialive-changes';
import { mediaLiveService } from '../../../lambdas/medialive/medialive-events';
import { NOW, rawMessage, testIngest } from '../events/event-fixtures';
import {
  changeCallBuilder,
  changeEventBuilder,
  describeChangeCallTable,
  targetsReader,
  type WatchedCase,
} from '../events/service-change-calls';
import {
  ACCOUNT,
  HD_DEVICE,
  REGION,
  SECURITY_GROUPS,
  SINGLE_PIPELINE_CHANNEL,
  SINGLE_PIPELINE_CHANNEL_ARN,
  SINGLE_PIPELINE_CHANNEL_ID,
  STANDARD_CHANNEL,
  STANDARD_CHANNEL_ARN,
  STANDARD_CHANNEL_ID,
  UDP_PUSH_INPUT,
} from './medialive-fixtures';

const OTHER_ACCOUNT = '444455556666';
const arn = (kind: string, id: string, account = ACCOUNT, region = REGION) =>
  `arn:aws:medialive:${region}:${account}:${kind}:${id}`;
const inputArn = (id: string) => arn('input', id);
const DEVICE_ID = HD_DEVICE.Id!;
const DEVICE_ARN = HD_DEVICE.Arn!;
const MULTIPLEX_ID = '4001001';
const MULTIPLEX_ARN = arn('multiplex', MULTIPLEX_ID);
const CLAIMED_DEVICE_ID = 'hd-5c6d7e8f9a0b1c2d3e4f';

/** The call CloudTrail records for an SDK request and response, as the ingest reads it. */
const call = changeCallBuilder({ service: 'medialive', account: ACCOUNT, region: REGION, style: 'camel' });
const targetsOf = targetsReader(mediaLiveChangeCalls.calls);

/** One realistic call for every watched call: the SDK's request, and its response for creates and updates. */
const WATCHED: Record<string, WatchedCase> = {
  CreateChannel: {
    verb: 'create',
    call: call(
      'CreateChannel',
      {
        Name: SINGLE_PIPELINE_CHANNEL.Name,
        ChannelClass: 'SINGLE_PIPELINE',
        RoleArn: SINGLE_PIPELINE_CHANNEL.RoleArn,
        InputAttachments: SINGLE_PIPELINE_CHANNEL.InputAttachments,
        Destinations: SINGLE_PIPELINE_CHANNEL.Destinations,
        EncoderSettings: SINGLE_PIPELINE_CHANNEL.EncoderSettings,
        RequestId: '5d7a0a3e-4c1b-4a53-9a2a-2f7b3c9d1e01',
        Tags: { team: 'news' },
      } satisfies CreateChannelRequest,
      { Channel: { ...SINGLE_PIPELINE_CHANNEL, State: 'CREATING' } } satisfies CreateChannelResponse,
    ),
    targets: [{ arn: SINGLE_PIPELINE_CHANNEL_ARN }, { arn: inputArn('2001004') }],
  },
  UpdateChannel: {
    verb: 'update',
    call: call(
      'UpdateChannel',
      {
        ChannelId: STANDARD_CHANNEL_ID,
        Name: 'sports-main',
        InputAttachments: STANDARD_CHANNEL.InputAttachments,
        LogLevel: 'INFO',
      } satisfies UpdateChannelRequest,
      { Channel: { ...STANDARD_CHANNEL, LogLevel: 'INFO' } } satisfies UpdateChannelResponse,
    ),
    targets: [{ arn: STANDARD_CHANNEL_ARN }, { arn: inputArn('2001001') }, { arn: inputArn('2001003') }],
  },
  UpdateChannelClass: {
    verb: 'update',
    call: call(
      'UpdateChannelClass',
      {
        ChannelId: SINGLE_PIPELINE_CHANNEL_ID,
        ChannelClass: 'STANDARD',
        Destinations: SINGLE_PIPELINE_CHANNEL.Destinations,
      } satisfies UpdateChannelClassRequest,
      {
        Channel: { ...SINGLE_PIPELINE_CHANNEL, ChannelClass: 'STANDARD', State: 'UPDATING' },
      } satisfies UpdateChannelClassResponse,
    ),
    targets: [{ arn: SINGLE_PIPELINE_CHANNEL_ARN }, { arn: inputArn('2001004') }],
  },
  DeleteChannel: {
    verb: 'delete',
    call: call(
      'DeleteChannel',
      { ChannelId: STANDARD_CHANNEL_ID } satisfies DeleteChannelRequest,
      { ...STANDARD_CHANNEL, State: 'DELETING' } satisfies DeleteChannelResponse,
    ),
    targets: [{ arn: STANDARD_CHANNEL_ARN }, { arn: inputArn('2001001') }, { arn: inputArn('2001003') }],
  },
  StartChannel: {
    verb: 'update',
    call: call(
      'StartChannel',
      { ChannelId: STANDARD_CHANNEL_ID } satisfies StartChannelRequest,
      { ...STANDARD_CHANNEL, State: 'STARTING' } satisfies StartChannelResponse,
    ),
    // A start changes the channel's state only: its inputs are not re-read.
    targets: [{ arn: STANDARD_CHANNEL_ARN }],
  },
  StopChannel: {
    verb: 'update',
    call: call(
      'StopChannel',
      { ChannelId: STANDARD_CHANNEL_ID } satisfies StopChannelRequest,
      { ...STANDARD_CHANNEL, State: 'STOPPING' } satisfies StopChannelResponse,
    ),
    targets: [{ arn: STANDARD_CHANNEL_ARN }],
  },
  RestartChannelPipelines: {
    verb: 'update',
    call: call(
      'RestartChannelPipelines',
      { ChannelId: STANDARD_CHANNEL_ID, PipelineIds: ['PIPELINE_1'] } satisfies RestartChannelPipelinesRequest,
      { ...STANDARD_CHANNEL, State: 'RUNNING' } satisfies RestartChannelPipelinesResponse,
    ),
    targets: [{ arn: STANDARD_CHANNEL_ARN }],
  },
  BatchStart: {
    verb: 'update',
    call: call(
      'BatchStart',
      { ChannelIds: [STANDARD_CHANNEL_ID, SINGLE_PIPELINE_CHANNEL_ID] } satisfies BatchStartRequest,
      {
        Successful: [
          { Arn: STANDARD_CHANNEL_ARN, Id: STANDARD_CHANNEL_ID, State: 'STARTING' },
          { Arn: SINGLE_PIPELINE_CHANNEL_ARN, Id: SINGLE_PIPELINE_CHANNEL_ID, State: 'STARTING' },
        ],
        Failed: [],
      } satisfies BatchStartResponse,
    ),
    // The two channels the response reports started.
    targets: [{ arn: STANDARD_CHANNEL_ARN }, { arn: SINGLE_PIPELINE_CHANNEL_ARN }],
  },
  BatchStop: {
    verb: 'update',
    call: call(
      'BatchStop',
      {
        ChannelIds: [STANDARD_CHANNEL_ID, SINGLE_PIPELINE_CHANNEL_ID],
        MultiplexIds: [MULTIPLEX_ID],
      } satisfies BatchStopRequest,
      {
        Successful: [
          { Arn: STANDARD_CHANNEL_ARN, Id: STANDARD_CHANNEL_ID, State: 'STOPPING' },
          { Arn: MULTIPLEX_ARN, Id: MULTIPLEX_ID, State: 'STOPPING' },
        ],
        Failed: [
          {
            Arn: SINGLE_PIPELINE_CHANNEL_ARN,
            Id: SINGLE_PIPELINE_CHANNEL_ID,
            Code: 'Conflict',
            Message: 'Channel is not running',
          },
        ],
      } satisfies BatchStopResponse,
    ),
    // The channel it stopped: not the multiplex (not polled), not the channel that failed (unchanged).
    targets: [{ arn: STANDARD_CHANNEL_ARN }],
  },
  BatchDelete: {
    verb: 'delete',
    call: call(
      'BatchDelete',
      {
        ChannelIds: [SINGLE_PIPELINE_CHANNEL_ID],
        InputIds: ['2001004'],
        InputSecurityGroupIds: ['1234567'],
        MultiplexIds: [MULTIPLEX_ID],
      } satisfies BatchDeleteRequest,
      {
        Successful: [
          { Arn: SINGLE_PIPELINE_CHANNEL_ARN, Id: SINGLE_PIPELINE_CHANNEL_ID, State: 'DELETING' },
          { Arn: inputArn('2001004'), Id: '2001004', State: 'DELETED' },
          { Arn: arn('inputSecurityGroup', '1234567'), Id: '1234567', State: 'DELETED' },
          { Arn: MULTIPLEX_ARN, Id: MULTIPLEX_ID, State: 'DELETING' },
        ],
        Failed: [],
      } satisfies BatchDeleteResponse,
    ),
    // The channel and the input; the security group and the multiplex are not polled.
    targets: [{ arn: SINGLE_PIPELINE_CHANNEL_ARN }, { arn: inputArn('2001004') }],
  },
  CreateInput: {
    verb: 'create',
    call: call(
      'CreateInput',
      {
        Name: UDP_PUSH_INPUT.Name,
        Type: 'UDP_PUSH',
        InputSecurityGroups: UDP_PUSH_INPUT.SecurityGroups,
        RequestId: '0b8f4a52-2f0c-43d7-9a51-6f7e2d1c3b02',
        Tags: UDP_PUSH_INPUT.Tags,
      } satisfies CreateInputRequest,
      { Input: { ...UDP_PUSH_INPUT, State: 'DETACHED', AttachedChannels: [] } } satisfies CreateInputResponse,
    ),
    targets: [{ arn: UDP_PUSH_INPUT.Arn! }],
  },
  CreatePartnerInput: {
    verb: 'create',
    call: call(
      'CreatePartnerInput',
      { InputId: '2001001', RequestId: '9e1d2c3b-4a5f-4e6d-8c7b-0a9f8e7d6c03' } satisfies CreatePartnerInputRequest,
      {
        Input: { ...UDP_PUSH_INPUT, Arn: inputArn('2001009'), Id: '2001009', InputPartnerIds: ['2001001'] },
      } satisfies CreatePartnerInputResponse,
    ),
    // The new input only: the request's InputId is the partner it was made from.
    targets: [{ arn: inputArn('2001009') }],
  },
  UpdateInput: {
    verb: 'update',
    call: call(
      'UpdateInput',
      { InputId: '2001001', Name: 'stadium-udp-a', InputSecurityGroups: ['1234567'] } satisfies UpdateInputRequest,
      { Input: { ...UDP_PUSH_INPUT, Name: 'stadium-udp-a' } } satisfies UpdateInputResponse,
    ),
    targets: [{ arn: inputArn('2001001') }],
  },
  DeleteInput: {
    verb: 'delete',
    // DeleteInput answers nothing: the ARN is built from the request's id, in the call's account and region.
    call: call('DeleteInput', { InputId: '2001002' } satisfies DeleteInputRequest),
    targets: [{ arn: inputArn('2001002') }],
  },
  UpdateInputSecurityGroup: {
    verb: 'update',
    call: call(
      'UpdateInputSecurityGroup',
      {
        InputSecurityGroupId: '1234567',
        WhitelistRules: [{ Cidr: '203.0.113.0/24' }],
      } satisfies UpdateInputSecurityGroupRequest,
      {
        SecurityGroup: { ...SECURITY_GROUPS[0], WhitelistRules: [{ Cidr: '203.0.113.0/24' }] },
      } satisfies UpdateInputSecurityGroupResponse,
    ),
    // The inputs that use the group hold its whitelist rules in their stored records.
    targets: [{ arn: inputArn('2001001') }, { arn: inputArn('2001002') }],
  },
  UpdateInputDevice: {
    verb: 'update',
    call: call(
      'UpdateInputDevice',
      {
        InputDeviceId: DEVICE_ID,
        Name: 'stadium-link',
        HdDeviceSettings: { ConfiguredInput: 'SDI', MaxBitrate: 10_000_000 },
      } satisfies UpdateInputDeviceRequest,
      { ...HD_DEVICE, Name: 'stadium-link' } satisfies UpdateInputDeviceResponse,
    ),
    targets: [{ arn: DEVICE_ARN }],
  },
  StartInputDevice: {
    verb: 'update',
    call: call('StartInputDevice', { InputDeviceId: DEVICE_ID } satisfies StartInputDeviceRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  StopInputDevice: {
    verb: 'update',
    call: call('StopInputDevice', { InputDeviceId: DEVICE_ID } satisfies StopInputDeviceRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  StartInputDeviceMaintenanceWindow: {
    verb: 'update',
    call: call('StartInputDeviceMaintenanceWindow', {
      InputDeviceId: DEVICE_ID,
    } satisfies StartInputDeviceMaintenanceWindowRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  RebootInputDevice: {
    verb: 'update',
    call: call('RebootInputDevice', { InputDeviceId: DEVICE_ID, Force: 'NO' } satisfies RebootInputDeviceRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  TransferInputDevice: {
    verb: 'update',
    call: call('TransferInputDevice', {
      InputDeviceId: DEVICE_ID,
      TargetCustomerId: OTHER_ACCOUNT,
      TargetRegion: 'us-west-2',
      TransferMessage: 'for the stadium crew',
    } satisfies TransferInputDeviceRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  AcceptInputDeviceTransfer: {
    verb: 'update',
    call: call('AcceptInputDeviceTransfer', { InputDeviceId: DEVICE_ID } satisfies AcceptInputDeviceTransferRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  RejectInputDeviceTransfer: {
    verb: 'update',
    call: call('RejectInputDeviceTransfer', { InputDeviceId: DEVICE_ID } satisfies RejectInputDeviceTransferRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  CancelInputDeviceTransfer: {
    verb: 'update',
    call: call('CancelInputDeviceTransfer', { InputDeviceId: DEVICE_ID } satisfies CancelInputDeviceTransferRequest),
    targets: [{ arn: DEVICE_ARN }],
  },
  ClaimDevice: {
    verb: 'create',
    // ClaimDevice answers nothing: the device's ARN is built from the request's id.
    call: call('ClaimDevice', { Id: CLAIMED_DEVICE_ID } satisfies ClaimDeviceRequest),
    targets: [{ arn: arn('inputDevice', CLAIMED_DEVICE_ID) }],
  },
  CreateTags: {
    verb: 'update',
    call: call('CreateTags', { ResourceArn: STANDARD_CHANNEL_ARN, Tags: { tier: 'gold' } } satisfies CreateTagsRequest),
    targets: [{ arn: STANDARD_CHANNEL_ARN }],
  },
  DeleteTags: {
    verb: 'update',
    call: call('DeleteTags', { ResourceArn: inputArn('2001001'), TagKeys: ['team'] } satisfies DeleteTagsRequest),
    targets: [{ arn: inputArn('2001001') }],
  },
};

describe('MediaLive change calls', () => {
  describeChangeCallTable({
    label: 'MediaLive',
    module: mediaLiveService,
    changeCalls: mediaLiveChangeCalls,
    sdkCommands: { atLeast: 61, including: ['BatchUpdateSchedule', 'CreateChannel'] },
    cases: WATCHED,
  });

  it('leaves schedules, multiplexes, signal maps, offerings and the account’s settings unwatched, with a reason', () => {
    // Assess
    for (const name of [
      'BatchUpdateSchedule',
      'CreateMultiplex',
      'CreateSignalMap',
      'DeleteSchedule',
      'PurchaseOffering',
      'UpdateAccountConfiguration',
    ])
      expect(mediaLiveChangeCalls.calls[name]).toEqual({ unwatched: expect.any(String) });
  });

  it('names no resource when the call recorded no parameters and no response', () => {
    // Prepare
    const recorded = call('StopChannel', null);

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(recorded.requestParameters).toEqual({});
    expect(targets).toEqual([]);
  });

  it('keeps the ARN of a resource of another account, for the applier to drop', () => {
    // Prepare
    const foreign = arn('channel', '3009009', OTHER_ACCOUNT);
    const recorded = call('CreateTags', { ResourceArn: foreign, Tags: { tier: 'gold' } });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: foreign }]);
  });

  it('builds an ARN from an id in the account that owns the resource and the call’s partition', () => {
    // Prepare
    const recorded = call('StartInputDevice', { InputDeviceId: DEVICE_ID }, undefined, {
      region: 'cn-north-1',
      recipientAccountId: OTHER_ACCOUNT,
    });

    // Act
    const targets = targetsOf(recorded, 'aws-cn');

    // Assess
    expect(targets).toEqual([{ arn: `arn:aws-cn:medialive:cn-north-1:${OTHER_ACCOUNT}:inputDevice:${DEVICE_ID}` }]);
  });

  it('prefers the response’s ARN, moto’s form included, over one built from the id', () => {
    // Prepare
    const motoArn = 'arn:aws:medialive:channel:8d3f1c2b9a7e4d60';
    const recorded = call('StartChannel', { ChannelId: '8d3f1c2b9a7e4d60' }, { Arn: motoArn, Id: '8d3f1c2b9a7e4d60' });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: motoArn }]);
  });

  it('names a moto channel’s attached inputs in moto’s form, as moto’s listing keys them', () => {
    // Prepare
    const recorded = call(
      'CreateChannel',
      { Name: 'demo', InputAttachments: [{ InputAttachmentName: 'in', InputId: 'a1b2c3' }] },
      { Channel: { Arn: 'arn:aws:medialive:channel:d4e5f6', Id: 'd4e5f6', InputAttachments: [{ InputId: 'a1b2c3' }] } },
    );

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: 'arn:aws:medialive:channel:d4e5f6' }, { arn: 'arn:aws:medialive:input:a1b2c3' }]);
  });

  it('builds the channel’s ARN from the request when the response has none', () => {
    // Prepare
    const recorded = call('StopChannel', { ChannelId: STANDARD_CHANNEL_ID });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: STANDARD_CHANNEL_ARN }]);
  });

  it('reads the tagged resource under the URI label CloudTrail records, `resource-arn`', () => {
    // Prepare
    const recorded = call('DeleteTags', { 'resource-arn': DEVICE_ARN, tagKeys: ['site'] });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: DEVICE_ARN }]);
  });

  it('names nothing for tags on a resource the inventory does not poll', () => {
    // Prepare
    const multiplex = arn('multiplex', '4001001');
    const recorded = call('CreateTags', { ResourceArn: multiplex, Tags: { tier: 'gold' } });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([]);
  });

  it('names nothing for an id that is no MediaLive id, and ignores an ARN of another kind in the response', () => {
    // Prepare
    const malformed = call('DeleteInput', { InputId: '../channels/1' });
    const wrongKind = call('StartChannel', { ChannelId: 'bad id' }, { Arn: arn('multiplex', '4001001') });

    // Act
    const targets = [...targetsOf(malformed), ...targetsOf(wrongKind)];

    // Assess
    expect(targets).toEqual([]);
  });

  it('names the channels and inputs of a batch delete from the request’s ids when its response is missing', () => {
    // Prepare
    const recorded = call('BatchDelete', {
      ChannelIds: [STANDARD_CHANNEL_ID, SINGLE_PIPELINE_CHANNEL_ID],
      InputIds: ['2001001', 'not an id'],
      InputSecurityGroupIds: ['1234567'],
      MultiplexIds: [MULTIPLEX_ID],
    } satisfies BatchDeleteRequest);

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(recorded.responseElements).toEqual({});
    expect(targets).toEqual([
      { arn: STANDARD_CHANNEL_ARN },
      { arn: SINGLE_PIPELINE_CHANNEL_ARN },
      { arn: inputArn('2001001') },
    ]);
  });

  it.each([
    ['BatchStart', 'rereadArns'],
    ['BatchDelete', 'settleArns'],
  ] as const)('re-polls both channels %s names, through the ingest, as one change event', async (eventName, key) => {
    // Prepare
    const t = testIngest();
    const event = changeEventBuilder({
      service: 'medialive',
      account: ACCOUNT,
      region: REGION,
      style: 'camel',
      time: new Date(NOW - 5_000),
    })(eventName, { ChannelIds: [STANDARD_CHANNEL_ID, SINGLE_PIPELINE_CHANNEL_ID] });

    // Act
    const result = await ingestMessages(t.deps, [rawMessage(event)]);

    // Assess
    const both = [STANDARD_CHANNEL_ARN, SINGLE_PIPELINE_CHANNEL_ARN];
    expect(result.outcomes[0]).toMatchObject({ result: 'applied', kind: 'medialive:change', repollArns: both });
    expect((result.outcomes[0] as unknown as Record<string, unknown>)[key]).toEqual(both);
    expect([...t.repoller.calls].sort()).toEqual([...both].sort());
  });

  it('names nothing for a batch call whose recorded response reports only failures', () => {
    // Prepare
    const recorded = call(
      'BatchStart',
      { ChannelIds: [STANDARD_CHANNEL_ID] } satisfies BatchStartRequest,
      {
        Failed: [{ Arn: STANDARD_CHANNEL_ARN, Id: STANDARD_CHANNEL_ID, Code: 'Conflict', Message: 'already running' }],
      } satisfies BatchStartResponse,
    );

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([]);
  });

  it('takes moto’s ARNs from a batch call’s response, as moto’s listing keys them', () => {
    // Prepare
    const motoChannel = 'arn:aws:medialive:channel:d4e5f6';
    const recorded = call(
      'BatchStop',
      { ChannelIds: ['d4e5f6'] } satisfies BatchStopRequest,
      {
        Successful: [{ Arn: motoChannel, Id: 'd4e5f6', State: 'STOPPING' }],
      } satisfies BatchStopResponse,
    );

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([{ arn: motoChannel }]);
  });

  it('names nothing for a claimed device whose id is missing or malformed', () => {
    // Prepare
    const missing = call('ClaimDevice', {} satisfies ClaimDeviceRequest);
    const malformed = call('ClaimDevice', { Id: 'hd-1/../x' } satisfies ClaimDeviceRequest);

    // Act
    const targets = [...targetsOf(missing), ...targetsOf(malformed)];

    // Assess
    expect(targets).toEqual([]);
  });

  it('names nothing for a partner input whose response is missing, never the partner it was made from', () => {
    // Prepare
    const recorded = call('CreatePartnerInput', { InputId: '2001001' });

    // Act
    const targets = targetsOf(recorded);

    // Assess
    expect(targets).toEqual([]);
  });
});
