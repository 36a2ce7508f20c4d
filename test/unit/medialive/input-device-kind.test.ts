import { DescribeInputDeviceCommand, ListInputDevicesCommand, MediaLiveClient } from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { inputDeviceKind } from '../../../lambdas/medialive/input-device-kind';
import { MediaLiveUnavailableError } from '../../../lambdas/medialive/medialive-errors';
import { GONE, type DescribedResource, type ListedResource } from '../../../lambdas/polling/resource-kind';
import { ACCOUNT, HD_DEVICE, REGION, UHD_DEVICE } from './medialive-fixtures';
import { awsError, collect, kindContext } from './medialive-context';

const medialive = mockClient(MediaLiveClient);

const describe_ = async (listed: ListedResource<unknown>) =>
  (await inputDeviceKind.describe(
    kindContext(new MediaLiveClient({})),
    listed as Parameters<typeof inputDeviceKind.describe>[1],
    undefined,
    { refresh: false },
  )) as DescribedResource;

describe('MediaLive input device kind', () => {
  beforeEach(() => {
    medialive.reset();
  });

  it('stores HD and UHD devices from the listing alone: connection state as status, device state, inputs, bitrate, zone', async () => {
    // Prepare
    medialive.on(ListInputDevicesCommand).resolves({ InputDevices: [HD_DEVICE, UHD_DEVICE] });
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const listed = (await collect(inputDeviceKind.listPages(ctx))).flatMap((p) => p.items);
    const [hd, uhd] = await Promise.all(listed.map(describe_));

    // Assess
    expect(ctx.budget.snapshot().calls).toEqual({ ListInputDevices: 1 });
    expect(medialive).toHaveReceivedCommandWith(ListInputDevicesCommand, { MaxResults: 1000 });
    expect(listed.map((l) => [l.arn, l.name, l.status])).toEqual([
      [HD_DEVICE.Arn, 'link-studio-a', 'CONNECTED'],
      [UHD_DEVICE.Arn, 'link-uhd-stadium', 'DISCONNECTED'],
    ]);
    expect(hd!.tree.meta).toMatchObject({
      pk: `RES#${HD_DEVICE.Arn}`,
      sk: '#META',
      type: 'medialive:input-device',
      gsi1pk: `LIST#medialive:input-device#${ACCOUNT}#${REGION}`,
      id: 'hd-0a1b2c3d4e5f6a7b8c9d',
      status: 'CONNECTED',
      deviceType: 'HD',
      connectionState: 'CONNECTED',
      deviceState: 'STREAMING',
      deviceUpdateStatus: 'UP_TO_DATE',
      activeInput: 'SDI',
      configuredInput: 'AUTO',
      maxBitrate: 10_000_000,
      availabilityZone: 'eu-west-1a',
      tags: { site: 'studio-a' },
    });
    expect(uhd!.tree.meta).toMatchObject({
      status: 'DISCONNECTED',
      deviceType: 'UHD',
      deviceState: 'IDLE',
      activeInput: 'HDMI',
      maxBitrate: 40_000_000,
    });
    expect(uhd!.tree.meta).not.toHaveProperty('availabilityZone');
    expect(uhd!.tree.children).toEqual([]);
  });

  it('follows NextToken across two pages', async () => {
    // Prepare
    medialive
      .on(ListInputDevicesCommand)
      .resolvesOnce({ InputDevices: [HD_DEVICE], NextToken: 't2' })
      .resolvesOnce({ InputDevices: [UHD_DEVICE] });

    // Act
    const pages = await collect(inputDeviceKind.listPages(kindContext(new MediaLiveClient({}))));

    // Assess
    expect(pages.map((p) => [p.items.map((i) => i.name), p.nextToken])).toEqual([
      [['link-studio-a'], 't2'],
      [['link-uhd-stadium'], undefined],
    ]);
  });

  it.each([
    ['not-implemented', awsError('SyntaxError', 404, 'Unexpected token <')],
    ['forbidden', awsError('AccessDeniedException', 403)],
  ])(
    'throws MediaLiveUnavailableError (%s) from the listing, once, so the engine tombstones nothing',
    async (reason, error) => {
      // Prepare
      medialive.on(ListInputDevicesCommand).rejects(error);
      const ctx = kindContext(new MediaLiveClient({}));

      // Act
      const listing = collect(inputDeviceKind.listPages(ctx));

      // Assess
      await expect(listing).rejects.toBeInstanceOf(MediaLiveUnavailableError);
      await expect(collect(inputDeviceKind.listPages(ctx))).rejects.toMatchObject({
        reason,
        message: expect.stringMatching(new RegExp(`^ListInputDevices unavailable \\(${reason}\\)`)),
      });
      expect(ctx.budget.snapshot().calls).toEqual({ ListInputDevices: 2 });
    },
  );

  it('looks a device up with DescribeInputDevice, after a throttle, and a missing one as gone', async () => {
    // Prepare
    medialive
      .on(DescribeInputDeviceCommand, { InputDeviceId: HD_DEVICE.Id })
      .rejectsOnce(awsError('TooManyRequestsException', 429))
      .resolves(HD_DEVICE);
    medialive
      .on(DescribeInputDeviceCommand, { InputDeviceId: 'hd-missing' })
      .rejects(awsError('NotFoundException', 404));
    const ctx = kindContext(new MediaLiveClient({}));

    // Act
    const found = await inputDeviceKind.lookup(ctx, HD_DEVICE.Arn!);
    const missing = await inputDeviceKind.lookup(ctx, `arn:aws:medialive:${REGION}:${ACCOUNT}:inputDevice:hd-missing`);

    // Assess
    expect(found).toMatchObject({ arn: HD_DEVICE.Arn, status: 'CONNECTED' });
    expect(missing).toBe(GONE);
    expect(ctx.budget.snapshot()).toMatchObject({ calls: { DescribeInputDevice: 3 }, throttles: 1 });
  });
});
