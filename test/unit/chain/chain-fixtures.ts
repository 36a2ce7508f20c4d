import { LINK_ITEM_TYPE, type LinkRecord, type LinkType } from '../../../lambdas/chain/link-model';
import { alarmSk, linkSk, META_SK, resourcePk } from '../../../lambdas/store/keys';
import type { Page, QueryPageOptions } from '../../../lambdas/store/state-store';

/** Stored items of a chain, shaped exactly as keys.ts and link-model.ts define them, and a store that pages them. */

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const VERSION = Date.parse('2026-12-01T10:00:00.000Z');

type Item = { pk: string; sk: string } & Record<string, unknown>;

export const FLOW = `arn:aws:mediaconnect:${REGION}:${ACCOUNT}:flow:1-abc-def:NewsFeed`;
export const INPUT = `arn:aws:medialive:${REGION}:${ACCOUNT}:input:1234567`;
export const CHANNEL = `arn:aws:medialive:${REGION}:${ACCOUNT}:channel:7654321`;
export const PACKAGE_CHANNEL = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:channels/6d5f2a1b0c`;
export const HLS_ENDPOINT = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/aa11`;
export const DASH_ENDPOINT = `arn:aws:mediapackage:${REGION}:${ACCOUNT}:origin_endpoints/bb22`;

/** A resource's `#META` item. */
export function meta(arn: string, type: string, name: string, extra: Record<string, unknown> = {}): Item {
  return {
    pk: resourcePk(arn),
    sk: META_SK,
    gsi1pk: `LIST#${type}#${ACCOUNT}#${REGION}`,
    gsi1sk: `${name}#${arn}`,
    type,
    arn,
    name,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(VERSION).toISOString(),
    version: VERSION,
    hash: 'h',
    ...extra,
  };
}

/** A link as stored twice: `LINK#DOWN#<to>#<type>` in `RES#<from>`, `LINK#UP#<from>#<type>` in `RES#<to>`. */
export function link(
  from: string,
  to: string,
  linkType: LinkType,
  extra: Partial<LinkRecord> & Record<string, unknown> = {},
): Item[] {
  const common = {
    type: LINK_ITEM_TYPE,
    account: ACCOUNT,
    region: REGION,
    observedAt: new Date(VERSION).toISOString(),
    version: VERSION,
    linkType,
    declaredBy: from,
    evidence: { field: 'outputs[].mediaLiveInputArn', value: to },
  };
  return [
    {
      ...common,
      pk: resourcePk(from),
      sk: linkSk('DOWN', to, linkType),
      arn: from,
      otherArn: to,
      direction: 'downstream',
      ...extra,
    },
    {
      ...common,
      pk: resourcePk(to),
      sk: linkSk('UP', from, linkType),
      arn: to,
      otherArn: from,
      direction: 'upstream',
      ...extra,
    },
  ];
}

/** An alarm item in a resource's partition, as alarm-applier.ts writes it. */
export function alarm(arn: string, name: string, state: string, extra: Record<string, unknown> = {}): Item {
  return {
    pk: resourcePk(arn),
    sk: alarmSk(name),
    type: 'alarm',
    name,
    state,
    since: '2026-12-01T09:58:00.000Z',
    account: ACCOUNT,
    region: REGION,
    version: VERSION,
    resourceArn: arn,
    parentArn: arn,
    gsi1pk: `ALARMS#${ACCOUNT}#${REGION}`,
    gsi1sk: `${state}#${name}`,
    ...extra,
  };
}

/** The full chain: flow → input → channel → MediaPackage channel → HLS and DASH endpoints. */
export function fullChain(): Item[] {
  return [
    meta(FLOW, 'mediaconnect:flow', 'NewsFeed', { status: 'ACTIVE' }),
    meta(INPUT, 'medialive:input', 'news-input', { status: 'ATTACHED' }),
    meta(CHANNEL, 'medialive:channel', 'News-HD', { status: 'RUNNING' }),
    meta(PACKAGE_CHANNEL, 'mediapackage:channel', 'news-hd-origin'),
    meta(HLS_ENDPOINT, 'mediapackage:origin-endpoint', 'news-hls'),
    meta(DASH_ENDPOINT, 'mediapackage:origin-endpoint', 'news-dash'),
    ...link(FLOW, INPUT, 'flow-output'),
    ...link(INPUT, CHANNEL, 'input-attachment'),
    ...link(CHANNEL, PACKAGE_CHANNEL, 'package-ingest'),
    ...link(PACKAGE_CHANNEL, HLS_ENDPOINT, 'origin-endpoint'),
    ...link(PACKAGE_CHANNEL, DASH_ENDPOINT, 'origin-endpoint'),
  ];
}

/**
 * A store double for `queryPage` with DynamoDB's semantics for what the chain reader asks: the key condition
 * (`begins_with`, `>=`, `BETWEEN`, compared as the sort key's code units), items in sort-key order, pages of at most
 * `pageSize` items with a LastEvaluatedKey. Records every Query.
 */
export class ChainTestStore {
  readonly items: Item[] = [];
  readonly queries: QueryPageOptions[] = [];
  failWhen?: (options: QueryPageOptions) => boolean;

  constructor(private readonly pageSize = 1000) {}

  seed(...items: Item[]): this {
    for (const item of items) {
      const at = this.items.findIndex((i) => i.pk === item.pk && i.sk === item.sk);
      if (at >= 0) this.items[at] = structuredClone(item);
      else this.items.push(structuredClone(item));
    }
    return this;
  }

  async queryPage<T>(options: QueryPageOptions): Promise<Page<T>> {
    this.queries.push(options);
    if (this.failWhen?.(options)) throw Object.assign(new Error('Service unavailable'), { name: 'ServiceUnavailable' });
    const matching = this.items
      .filter((i) => i.pk === options.pk)
      .filter((i) => options.skPrefix === undefined || i.sk.startsWith(options.skPrefix))
      .filter((i) => options.skFrom === undefined || i.sk >= options.skFrom)
      .filter((i) => options.skTo === undefined || i.sk <= options.skTo)
      .sort((a, b) => (a.sk < b.sk ? -1 : a.sk > b.sk ? 1 : 0));
    const start = options.startKey ? matching.findIndex((i) => i.sk === options.startKey?.sk) + 1 : 0;
    const page = matching.slice(start, start + this.pageSize);
    const more = start + this.pageSize < matching.length;
    const last = page[page.length - 1];
    return {
      items: structuredClone(page) as T[],
      ...(more && last ? { lastKey: { pk: last.pk, sk: last.sk } } : {}),
    };
  }
}
