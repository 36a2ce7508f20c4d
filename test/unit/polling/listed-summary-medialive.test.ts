import {
  DescribeChannelCommand,
  ListChannelsCommand,
  ListInputDevicesCommand,
  ListInputsCommand,
  ListInputSecurityGroupsCommand,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { channelKind } from '../../../lambdas/medialive/channel-kind';
import { inputDeviceKind } from '../../../lambdas/medialive/input-device-kind';
import { inputKind } from '../../../lambdas/medialive/input-kind';
import { kindContext } from '../medialive/medialive-context';
import {
  ALL_INPUTS,
  HD_DEVICE,
  SECURITY_GROUPS,
  SINGLE_PIPELINE_CHANNEL,
  SINGLE_PIPELINE_CHANNEL_ID,
  STANDARD_CHANNEL,
  STANDARD_CHANNEL_ID,
  summaryOf,
  UHD_DEVICE,
} from '../medialive/medialive-fixtures';
import { steadyListing } from './steady-listing';

const medialive = mockClient(MediaLiveClient);

describe('MediaLive listed summaries', () => {
  const ctx = () => kindContext(new MediaLiveClient({}));

  beforeEach(() => {
    medialive.reset();
    medialive.on(ListInputSecurityGroupsCommand).resolves({ InputSecurityGroups: SECURITY_GROUPS });
    medialive.on(ListInputsCommand).resolves({ Inputs: ALL_INPUTS });
    medialive.on(ListInputDevicesCommand).resolves({ InputDevices: [HD_DEVICE, UHD_DEVICE] });
    medialive
      .on(ListChannelsCommand)
      .resolves({ Channels: [summaryOf(STANDARD_CHANNEL), summaryOf(SINGLE_PIPELINE_CHANNEL)] });
    medialive.on(DescribeChannelCommand, { ChannelId: STANDARD_CHANNEL_ID }).resolves(STANDARD_CHANNEL);
    medialive.on(DescribeChannelCommand, { ChannelId: SINGLE_PIPELINE_CHANNEL_ID }).resolves(SINGLE_PIPELINE_CHANNEL);
  });

  it('lists channels by name as DescribeChannel stores them: a steady listing puts nothing first', async () => {
    // Act
    const steady = await steadyListing(channelKind, ctx());

    // Assess
    expect(steady.listed.map((l) => l.summary)).toEqual([
      { name: STANDARD_CHANNEL.Name },
      { name: SINGLE_PIPELINE_CHANNEL.Name },
    ]);
    expect(steady.changed).toEqual([]);
  });

  it('lists inputs by name as their records store them: a steady listing puts nothing first', async () => {
    // Act
    const steady = await steadyListing(inputKind, ctx());

    // Assess
    expect(steady.comparedFields).toBe(ALL_INPUTS.length);
    expect(steady.changed).toEqual([]);
  });

  it('lists input devices by name and zone as their records store them: a steady listing puts nothing first', async () => {
    // Act
    const steady = await steadyListing(inputDeviceKind, ctx());

    // Assess
    expect(steady.listed.map((l) => l.summary)).toEqual([
      { name: HD_DEVICE.Name, availabilityZone: HD_DEVICE.AvailabilityZone },
      { name: UHD_DEVICE.Name, availabilityZone: UHD_DEVICE.AvailabilityZone },
    ]);
    expect(steady.changed).toEqual([]);
  });
});
