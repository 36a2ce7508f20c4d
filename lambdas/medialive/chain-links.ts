import { mediaPackageChannelKey, networkKey, urlKey } from '../chain/link-keys';
import type { LinkDeclarations, LinkReference } from '../chain/link-model';
import type { ResourceTree } from '../polling/resource-kind';

/**
 * MediaLive's place in the signal chain, from the stored records (input-records.ts, channel-records.ts):
 * - an input is fed by each MediaConnect flow it names (`mediaConnectFlowArns`), and answers to the network endpoint of
 *   each push destination (`destinations[].ip`/`port`, or the host and port of its `url`, e.g. `rtp://1.2.3.4:5000`),
 *   where a flow output may send;
 * - a channel is fed by each attached input (`ATTACHMENT#…`'s `inputArn`), and feeds the MediaPackage channel behind
 *   each destination URL (a v1 ingest URL or a v2 ingest endpoint) and each `mediaPackageChannelIds` entry (a v1
 *   channel by its Id, in the channel's account and region).
 */

export function inputLinks(tree: ResourceTree): LinkDeclarations {
  const meta = tree.meta as { mediaConnectFlowArns?: unknown; destinations?: unknown };
  const references: LinkReference[] = strings(meta.mediaConnectFlowArns).map((flowArn) => ({
    type: 'flow-input',
    role: 'downstream',
    target: { arn: flowArn },
    evidence: { field: 'mediaConnectFlowArns', value: flowArn },
  }));
  const anchors = (Array.isArray(meta.destinations) ? meta.destinations : []).flatMap((d: unknown) => {
    const destination = (d ?? {}) as { ip?: unknown; port?: unknown; url?: unknown };
    const ip = typeof destination.ip === 'string' ? destination.ip : undefined;
    const port = typeof destination.port === 'string' ? destination.port : undefined;
    const key = networkKey(ip, port) ?? urlEndpointKey(destination.url);
    return key ? [key] : [];
  });
  return { anchors: [...new Set(anchors)], references };
}

export function channelLinks(tree: ResourceTree, where: { readonly account: string; readonly region: string }) {
  const references: LinkReference[] = [];
  for (const child of tree.children) {
    if (child.sk.startsWith('ATTACHMENT#') && typeof child.inputArn === 'string' && child.inputArn)
      references.push({
        type: 'input-attachment',
        role: 'downstream',
        target: { arn: child.inputArn },
        evidence: { field: 'inputAttachments[].inputArn', value: child.inputArn },
      });
    if (!child.sk.startsWith('DESTINATION#')) continue;
    // Only HTTP(S) destinations can be MediaPackage ingest (v1 WebDAV, v2 HTTPS PUT): RTMP, UDP, SRT ones never are.
    for (const url of strings(child.urls).filter((u) => /^https?:\/\//i.test(u))) {
      const key = urlKey(url);
      if (key)
        references.push({
          type: 'package-ingest',
          role: 'upstream',
          target: { key },
          evidence: { field: 'destinations[].urls', value: url },
        });
    }
    for (const id of strings(child.mediaPackageChannelIds))
      references.push({
        type: 'package-ingest',
        role: 'upstream',
        target: { key: mediaPackageChannelKey(where.account, where.region, id) },
        evidence: { field: 'destinations[].mediaPackageChannelIds', value: id },
      });
  }
  return { anchors: [], references } satisfies LinkDeclarations;
}

/** The host and port of a push destination URL (`rtp://1.2.3.4:5000`), when it names a port. */
function urlEndpointKey(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return networkKey(parsed.hostname, parsed.port || undefined);
  } catch {
    return undefined;
  }
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : [];
