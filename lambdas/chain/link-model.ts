import type { ResourceType, ServiceName, StoredItem } from '../store/keys';

/**
 * The signal chain: contribution (MediaConnect) → encoding (MediaLive) → origin (MediaPackage v1 and v2), stored as
 * link items that the pollers derive, and read hop by hop without a scan.
 *
 * How links are derived (chain/link-sync.ts, run by the engine's tree write, so every service gets it):
 * - A kind declares, from one described tree, the **anchors** its resource answers to (a key: an ingest URL, a network
 *   endpoint, a MediaPackage channel id) and the **references** it makes to other resources, each to an ARN (a MediaLive
 *   input's `MediaConnectFlows[].FlowArn`) or to a key (a MediaLive destination URL). A service never imports another:
 *   both sides build keys with the same functions (chain/link-keys.ts).
 * - A reference to an ARN becomes a link at once. A reference to a key is resolved through the link index partition
 *   `LINKKEY#<key>` (keys.ts), which holds the key's anchors (`ANCHOR#<arn>`) and references (`REF#<arn>#<type>`). Each
 *   side writes its own index entry, then reads the partition (strongly consistent) and writes the links it finds, so
 *   whichever side is written second makes the link, in any order.
 * - Each link is stored twice: `LINK#DOWN#<to>#<type>` in the upstream resource's partition and `LINK#UP#<from>#<type>`
 *   in the downstream one's.
 * - Declarations change only when a tree changes: their hash is folded into the tree hash, so an unchanged resource
 *   costs no link write, and a tombstoned resource removes its index entries and its links.
 */

/** The kinds of edge in the chain, each from upstream (`from`) to downstream (`to`). */
export type LinkType =
  /** A MediaConnect flow output that sends to a MediaLive input (its `MediaLiveInputArn`, or its destination IP:port). */
  | 'flow-output'
  /** A MediaLive input of type MEDIACONNECT fed by a flow (`MediaConnectFlows[].FlowArn`). */
  | 'flow-input'
  /** A MediaLive input attached to a channel (the channel's `InputAttachments`). */
  | 'input-attachment'
  /**
   * A MediaLive channel destination that sends to a MediaPackage channel: a v1 ingest URL or channel id, or a v2 ingest
   * endpoint URL (the declaring channel cannot tell v1 from v2 by the URL; the other end's node type does).
   */
  | 'package-ingest'
  /** A MediaPackage (v1 or v2) channel and one of its origin endpoints. */
  | 'origin-endpoint'
  /** A MediaPackage v2 channel group and one of its channels. */
  | 'channel-group';

/** Where the declaring resource stands on the link: `upstream` when the other end is downstream of it. */
export type LinkRole = 'upstream' | 'downstream';

/** What matched: the declaring resource's field and the value in it (never a secret: URLs are redacted first). */
export interface LinkEvidence {
  /** A path into the declaring resource's stored records, e.g. `outputs[].mediaLiveInputArn`, `destinations[].urls`. */
  readonly field: string;
  readonly value: string;
}

/** One reference a resource makes to another, to an ARN or to a link key. */
export interface LinkReference {
  readonly type: LinkType;
  readonly role: LinkRole;
  /** The other end: its ARN when the declaring resource names it, else a key that the other end anchors. */
  readonly target: { readonly arn: string } | { readonly key: string };
  readonly evidence: LinkEvidence;
}

/** Everything one resource declares about its links, built by its kind from its described tree. */
export interface LinkDeclarations {
  /** Keys this resource answers to (chain/link-keys.ts), e.g. its ingest URLs, its destination IP:port. */
  readonly anchors: readonly string[];
  readonly references: readonly LinkReference[];
}

export const LINK_ITEM_TYPE = 'chain:link';
export const LINK_INDEX_ITEM_TYPE = 'chain:link-index';

/** A link as stored in one end's partition (`RES#<arn>`, sk `LINK#<UP|DOWN>#<otherArn>#<linkType>`). */
export interface LinkRecord extends StoredItem {
  type: typeof LINK_ITEM_TYPE;
  /** The resource whose partition holds this item. */
  arn: string;
  /** The other end. */
  otherArn: string;
  /** `downstream`: the other end is downstream of `arn` (sk `LINK#DOWN#…`); `upstream`: it is upstream. */
  direction: 'downstream' | 'upstream';
  linkType: LinkType;
  /** The resource whose declaration made the link (either end), and what matched. */
  declaredBy: string;
  evidence: LinkEvidence;
  /** The link key it was resolved through; absent when the declaration named the ARN. */
  viaKey?: string;
  /** Set when the other end is in another account or region than `arn`: the link stays, marked. */
  remote?: { account?: string; region?: string };
  /** Set when the key has more than one anchor: each candidate gets a link, and none is certain. */
  ambiguous?: boolean;
}

/** A link index entry (`LINKKEY#<key>`, sk `ANCHOR#<arn>` or `REF#<arn>#<type>`). */
export interface LinkIndexRecord extends StoredItem {
  type: typeof LINK_INDEX_ITEM_TYPE;
  key: string;
  arn: string;
  /** `anchor`: `arn` answers to the key; `reference`: `arn` references the key. */
  entry: 'anchor' | 'reference';
  /** For references: the link type, the declarer's role and the evidence. */
  linkType?: LinkType;
  role?: LinkRole;
  evidence?: LinkEvidence;
}

// ---------------------------------------------------------------------------------------------------------------------
// The chain as read (chain/chain-graph.ts, GET /chains/{arn}, `mediamon chain`) and the impact of an alarm.
// ---------------------------------------------------------------------------------------------------------------------

/** An active alarm or alert on a chain node. */
export interface ChainNodeAlarm {
  readonly name: string;
  readonly state: string;
  readonly severity?: string;
  readonly since?: string;
}

export interface ChainNode {
  readonly arn: string;
  /** Absent when the resource is not in the store (not monitored, another account, or not yet polled). */
  readonly type?: ResourceType;
  readonly service?: ServiceName;
  readonly name?: string;
  readonly status?: string;
  /** The stored health summary (`health.state`, e.g. `HEALTHY`, `DEGRADED`, `UNHEALTHY`), when the resource has one. */
  readonly health?: string;
  readonly alarms: readonly ChainNodeAlarm[];
  /** False when the store has no live `#META` for the ARN. */
  readonly monitored: boolean;
  /** Set when the node is in another account or region than the root. */
  readonly remote?: { account?: string; region?: string };
  /** Hops from the root: negative upstream, positive downstream, 0 for the root. */
  readonly depth: number;
}

export interface ChainEdge {
  readonly from: string;
  readonly to: string;
  readonly types: readonly LinkType[];
  readonly evidence: readonly LinkEvidence[];
  readonly ambiguous?: boolean;
  readonly remote?: boolean;
}

export interface ChainGraph {
  readonly root: string;
  readonly nodes: readonly ChainNode[];
  readonly edges: readonly ChainEdge[];
  /** True when the depth or node bound cut the walk short. */
  readonly truncated: boolean;
  /** DynamoDB requests the read made (Queries and BatchGets), for the bench and the cost model. */
  readonly reads: number;
}

/** A downstream resource that an alarm or event on a resource affects (`impacts` on alarms and in GET /alarms). */
export interface Impact {
  readonly arn: string;
  readonly type?: ResourceType;
  readonly name?: string;
  /** Hops downstream of the alarmed resource. */
  readonly depth: number;
}
