import { mediaPackageV2Arn, parseMediaPackageV2Arn } from '../../../lambdas/mediapackagev2/arn';
import { CHANNEL_ARN, ENDPOINT_ARN, GROUP_ARN } from './mediapackagev2-fixtures';

describe('MediaPackage v2 ARNs', () => {
  it('parses a channel group, channel and origin endpoint ARN into kind and names', () => {
    // Act
    const parsed = [GROUP_ARN, CHANNEL_ARN, ENDPOINT_ARN].map(parseMediaPackageV2Arn);

    // Assess
    expect(parsed).toEqual([
      { kind: 'channelGroup', region: 'eu-west-1', account: '123456789012', channelGroupName: 'live' },
      { kind: 'channel', region: 'eu-west-1', account: '123456789012', channelGroupName: 'live', channelName: 'news' },
      {
        kind: 'originEndpoint',
        region: 'eu-west-1',
        account: '123456789012',
        channelGroupName: 'live',
        channelName: 'news',
        originEndpointName: 'hls-ts',
      },
    ]);
  });

  it.each([
    ['a v1 channel', 'arn:aws:mediapackage:eu-west-1:123456789012:channels/abc'],
    ['a MediaLive channel', 'arn:aws:medialive:eu-west-1:123456789012:channel:1234'],
    ['a harvest job', `${ENDPOINT_ARN}/harvestJob/job1`],
    ['a name with a space', 'arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/my group'],
    ['no account', 'arn:aws:mediapackagev2:eu-west-1::channelGroup/live'],
    ['a missing channel name', 'arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/live/channel/'],
    ['an overlong value', `arn:aws:mediapackagev2:eu-west-1:123456789012:channelGroup/${'a'.repeat(1000)}`],
    ['not an ARN', 'channelGroup/live'],
  ])('rejects %s', (_label, arn) => {
    // Act
    const parsed = parseMediaPackageV2Arn(arn);

    // Assess
    expect(parsed).toBeUndefined();
  });

  it('builds the ARN of each kind in the partition of its region', () => {
    // Act
    const arns = [
      mediaPackageV2Arn({ account: '123456789012', region: 'eu-west-1' }, 'live'),
      mediaPackageV2Arn({ account: '123456789012', region: 'eu-west-1' }, 'live', 'news'),
      mediaPackageV2Arn({ account: '123456789012', region: 'eu-west-1' }, 'live', 'news', 'hls-ts'),
      mediaPackageV2Arn({ account: '123456789012', region: 'cn-north-1' }, 'live'),
    ];

    // Assess
    expect(arns).toEqual([
      GROUP_ARN,
      CHANNEL_ARN,
      ENDPOINT_ARN,
      'arn:aws-cn:mediapackagev2:cn-north-1:123456789012:channelGroup/live',
    ]);
  });
});
