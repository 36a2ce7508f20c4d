import { arnPlace, channelGroupNameOf } from '../../../bin/dashboard/app/model/arn-place';

describe('arnPlace', () => {
  it.each([
    [
      'arn:aws:medialive:eu-west-1:111122223333:inputDevice:hd-123456789abc',
      { account: '111122223333', region: 'eu-west-1' },
    ],
    [
      'arn:aws:mediapackagev2:us-east-1:123456789012:channelGroup/live-origin',
      { account: '123456789012', region: 'us-east-1' },
    ],
    [
      'arn:aws-us-gov:medialive:us-gov-west-1:111122223333:channel:1',
      { account: '111122223333', region: 'us-gov-west-1' },
    ],
    ['arn:aws:medialive:channel:ccfc447ea8ab42f094c406b27e25e53a', {}],
    ['arn:aws:mediapackage:channel:news-hd-origin', {}],
    ['not an arn', {}],
  ])('reads the list filters of %s', (arn, expected) => {
    // Act
    const place = arnPlace(arn);

    // Assess
    expect(place).toEqual(expected);
  });
});

describe('channelGroupNameOf', () => {
  it.each([
    ['arn:aws:mediapackagev2:us-east-1:123456789012:channelGroup/live-origin', 'live-origin'],
    ['arn:aws:mediapackagev2:us-east-1:123456789012:channelGroup/live/channel/news', 'live'],
    ['arn:aws:medialive:channel:abc', undefined],
  ])('reads the group of %s as %s', (arn, expected) => {
    // Act
    const name = channelGroupNameOf(arn);

    // Assess
    expect(name).toBe(expected);
  });
});
