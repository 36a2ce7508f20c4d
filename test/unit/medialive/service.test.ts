import { mediaLiveArn, parseMediaLiveArn } from '../../../lambdas/medialive/arn';
import { mediaLiveInventory } from '../../../lambdas/medialive/service';

describe('MediaLive service inventory', () => {
  it('polls inputs, then channels, then input devices, under their own poller names', () => {
    // Act
    const kinds = mediaLiveInventory.kinds.map((k) => [k.type, k.poller]);

    // Assess
    expect(mediaLiveInventory).toMatchObject({ service: 'medialive', poller: 'medialive-inventory' });
    expect(kinds).toEqual([
      ['medialive:input', 'medialive-inputs'],
      ['medialive:channel', 'medialive-channels'],
      ['medialive:input-device', 'medialive-input-devices'],
    ]);
    expect(mediaLiveInventory.kinds.every((k) => k.service === 'medialive')).toBe(true);
  });

  it.each([
    ['arn:aws:medialive:eu-west-1:111122223333:channel:3001001', 'medialive:channel'],
    ['arn:aws:medialive:channel:5d1c0e8f9a7b4c3d', 'medialive:channel'],
    ['arn:aws:medialive:eu-west-1:111122223333:input:2001001', 'medialive:input'],
    ['arn:aws:medialive:input:9f8e7d6c', 'medialive:input'],
    ['arn:aws:medialive:eu-west-1:111122223333:inputDevice:hd-0a1b2c3d4e5f', 'medialive:input-device'],
  ])('finds the kind of %s', (arn, type) => {
    // Act
    const kind = mediaLiveInventory.kindOf(arn);

    // Assess
    expect(kind?.type).toBe(type);
  });

  it.each([
    'arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-abc:Name',
    'arn:aws:medialive:eu-west-1:111122223333:multiplex:123',
    'arn:aws:medialive:eu-west-1:111122223333:channel:bad id',
    'not an arn',
  ])('finds no kind for %s', (arn) => {
    // Act
    const kind = mediaLiveInventory.kindOf(arn);

    // Assess
    expect(kind).toBeUndefined();
  });

  it('builds ARNs in the partition of the region', () => {
    // Act
    const arns = [
      mediaLiveArn('input', '1', '111122223333', 'eu-west-1'),
      mediaLiveArn('channel', '2', '111122223333', 'cn-north-1'),
      mediaLiveArn('inputDevice', 'hd-3', '111122223333', 'us-gov-west-1'),
    ];

    // Assess
    expect(arns).toEqual([
      'arn:aws:medialive:eu-west-1:111122223333:input:1',
      'arn:aws-cn:medialive:cn-north-1:111122223333:channel:2',
      'arn:aws-us-gov:medialive:us-gov-west-1:111122223333:inputDevice:hd-3',
    ]);
    expect(arns.map((a) => parseMediaLiveArn(a)?.id)).toEqual(['1', '2', 'hd-3']);
  });
});
