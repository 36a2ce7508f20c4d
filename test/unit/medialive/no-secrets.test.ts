import {
  DescribeChannelCommand,
  ListChannelsCommand,
  ListAlertsCommand,
  ListInputDevicesCommand,
  ListInputsCommand,
  ListInputSecurityGroupsCommand,
  MediaLiveClient,
} from '@aws-sdk/client-medialive';
import { mockClient } from 'aws-sdk-client-mock';
import { reconcileChannelAlerts } from '../../../lambdas/medialive/channel-alerts';
import { mediaLiveInventory } from '../../../lambdas/medialive/service';
import type { InventoryStore } from '../../../lambdas/polling/inventory-store';
import { GONE } from '../../../lambdas/polling/resource-kind';
import {
  ALL_INPUTS,
  FIXTURE_SECRETS,
  HD_DEVICE,
  SECURITY_GROUPS,
  SINGLE_PIPELINE_CHANNEL,
  STANDARD_CHANNEL,
  summaryOf,
  UHD_DEVICE,
} from './medialive-fixtures';
import { collect, kindContext } from './medialive-context';

const medialive = mockClient(MediaLiveClient);

describe('MediaLive records hold no secret', () => {
  beforeEach(() => {
    medialive.reset();
  });

  it('builds every input, channel, child, device and alert record without any fixture secret in it', async () => {
    // Prepare
    medialive.on(ListInputSecurityGroupsCommand).resolves({ InputSecurityGroups: SECURITY_GROUPS });
    medialive.on(ListInputsCommand).resolves({ Inputs: ALL_INPUTS });
    medialive.on(ListInputDevicesCommand).resolves({ InputDevices: [HD_DEVICE, UHD_DEVICE] });
    medialive
      .on(ListChannelsCommand)
      .resolves({ Channels: [summaryOf(STANDARD_CHANNEL), summaryOf(SINGLE_PIPELINE_CHANNEL)] });
    medialive.on(DescribeChannelCommand, { ChannelId: STANDARD_CHANNEL.Id }).resolves(STANDARD_CHANNEL);
    medialive.on(DescribeChannelCommand, { ChannelId: SINGLE_PIPELINE_CHANNEL.Id }).resolves(SINGLE_PIPELINE_CHANNEL);
    medialive.on(ListAlertsCommand).resolves({
      Alerts: [{ Id: 'a1', State: 'SET', Message: `push to rtmp://u:${FIXTURE_SECRETS[0]}@x.example.com/app failed` }],
    });
    const ctx = kindContext(new MediaLiveClient({}));
    const written: unknown[] = [];
    const store = {
      queryAll: async ({ skPrefix }: { skPrefix: string }) =>
        skPrefix === 'METRICS#PIPELINE#' ? [{ latest: { ActiveAlerts: { v: 1 } } }] : [],
      updateIfNewer: async (_key: unknown, _version: number, fields: unknown) => written.push(fields) > 0,
    } as unknown as InventoryStore;

    // Act
    for (const kind of mediaLiveInventory.kinds) {
      for (const page of await collect(kind.listPages(ctx))) {
        for (const listed of page.items) {
          const described = await kind.describe(ctx, listed, undefined, { refresh: false });
          if (described === GONE) throw new Error(`${listed.arn} gone`);
          written.push(described.tree.meta, ...described.tree.children);
          if (described.tree.meta.status === 'RUNNING') await reconcileChannelAlerts({ ...ctx, store }, described.tree);
        }
      }
    }
    const stored = JSON.stringify(written);

    // Assess
    expect(written.length).toBeGreaterThanOrEqual(5 + 2 + 2 + 8 + 1);
    for (const secret of FIXTURE_SECRETS) expect(stored).not.toContain(secret);
    expect(stored).not.toMatch(/passwordParam|streamName|keyProviderSettings|staticKey/i);
  });
});
