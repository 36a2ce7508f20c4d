import { LINK_ITEM_TYPE, type LinkType } from '../../lambdas/chain/link-model';
import { linkSk, listPk, listSk, META_SK, resourcePk, type ResourceType } from '../../lambdas/store/keys';

/**
 * The signal chains of the API bench's fleet, in the shapes the pollers and link derivation store (keys.ts,
 * chain/link-model.ts): every flow feeds a MediaLive input of its own; the inputs are attached `flows / channels` to a
 * channel; each channel sends to a MediaPackage channel with two origin endpoints. At 1,000 flows and 200 channels:
 * 1,000 inputs, 200 MediaPackage channels, 400 endpoints, and a chain flow → input → channel → package channel → 2
 * endpoints from every flow.
 */

export interface BenchChainOptions {
  readonly account: string;
  readonly region: string;
  readonly now: number;
  /** @default 200 */
  readonly channels?: number;
}

export interface BenchChains {
  readonly items: Record<string, unknown>[];
  /** The resources `GET /chains/{arn}` is asked for: every flow, channel and origin endpoint. */
  readonly chainArns: string[];
  readonly counts: { inputs: number; channels: number; packageChannels: number; endpoints: number; links: number };
}

export function benchChains(flowArns: readonly string[], options: BenchChainOptions): BenchChains {
  const { account, region, now } = options;
  const channelCount = Math.max(1, Math.min(options.channels ?? 200, flowArns.length));
  const observedAt = new Date(now).toISOString();
  const items: Record<string, unknown>[] = [];
  let links = 0;
  const meta = (arn: string, type: ResourceType, name: string, status?: string) =>
    items.push({
      pk: resourcePk(arn),
      sk: META_SK,
      gsi1pk: listPk(type, account, region),
      gsi1sk: listSk(name, arn),
      type,
      arn,
      name,
      ...(status ? { status } : {}),
      account,
      region,
      observedAt,
      version: now,
    });
  const link = (from: string, to: string, linkType: LinkType, field: string) => {
    links++;
    const common = { type: LINK_ITEM_TYPE, account, region, observedAt, version: now, linkType, declaredBy: from };
    const evidence = { field, value: to };
    items.push(
      {
        ...common,
        pk: resourcePk(from),
        sk: linkSk('DOWN', to, linkType),
        arn: from,
        otherArn: to,
        direction: 'downstream',
        evidence,
      },
      {
        ...common,
        pk: resourcePk(to),
        sk: linkSk('UP', from, linkType),
        arn: to,
        otherArn: from,
        direction: 'upstream',
        evidence,
      },
    );
  };
  const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;

  const channels: string[] = [];
  const endpoints: string[] = [];
  for (let c = 0; c < channelCount; c++) {
    const channel = arn('medialive', `channel:${7_000_000 + c}`);
    const packageChannel = arn('mediapackage', `channels/bench-origin-${c}`);
    channels.push(channel);
    meta(channel, 'medialive:channel', `bench-channel-${c}`, 'RUNNING');
    meta(packageChannel, 'mediapackage:channel', `bench-origin-${c}`);
    link(channel, packageChannel, 'package-ingest', 'destinations[].mediaPackageChannelIds');
    for (const format of ['hls', 'dash']) {
      const endpoint = arn('mediapackage', `origin_endpoints/bench-origin-${c}-${format}`);
      endpoints.push(endpoint);
      meta(endpoint, 'mediapackage:origin-endpoint', `bench-origin-${c}-${format}`);
      link(packageChannel, endpoint, 'origin-endpoint', 'channelId');
    }
  }
  flowArns.forEach((flow, i) => {
    const input = arn('medialive', `input:${1_000_000 + i}`);
    meta(input, 'medialive:input', `bench-input-${i}`, 'ATTACHED');
    link(flow, input, 'flow-output', 'outputs[].mediaLiveInputArn');
    link(input, channels[i % channelCount] as string, 'input-attachment', 'inputAttachments[].inputId');
  });
  return {
    items,
    chainArns: [...flowArns, ...channels, ...endpoints],
    counts: {
      inputs: flowArns.length,
      channels: channelCount,
      packageChannels: channelCount,
      endpoints: endpoints.length,
      links,
    },
  };
}
