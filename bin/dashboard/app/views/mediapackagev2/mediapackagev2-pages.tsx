import { useLiveQuery } from '../../app-context';
import { FieldList } from '../../components/field-list';
import { arnPlace, channelGroupNameOf } from '../../model/arn-place';
import type { ChainGraph } from '../../../../../lambdas/chain/link-model';
import { MISSING } from '../../model/format';
import type { LatestMetricsView } from '../../model/latest-metrics';
import { detailHref } from '../../model/routes';
import { CHANNEL_METRIC_CATALOG, ENDPOINT_METRIC_CATALOG } from '../../../../../lambdas/mediapackagev2/metric-catalog';
import { LatestMetricsTable } from '../service-page/latest-metrics-table';
import {
  ChildSection,
  IngestEndpointsSection,
  ListedResourcePage,
  ServiceResourcePage,
  type ResourceDetail,
} from '../service-page/resource-page';

export const V2_GROUPS_PATH = '/mediapackagev2/channel-groups';
export const V2_CHANNELS_PATH = '/mediapackagev2/channels';
export const V2_ENDPOINTS_PATH = '/mediapackagev2/origin-endpoints';

export const v2ChannelApiPath = (arn: string): string => `/mediapackagev2/channels/${encodeURIComponent(arn)}`;
export const v2EndpointApiPath = (arn: string): string => `/mediapackagev2/origin-endpoints/${encodeURIComponent(arn)}`;

type Child = Record<string, unknown>;

/** A channel group's list row (the projected fields of `ChannelGroupRecord`). */
export type ChannelGroupDetail = ResourceDetail;

/** `GET /mediapackagev2/channels/{channelArn}` (lambdas/api/mediapackagev2/mediapackagev2-queries.ts). */
export interface V2ChannelDetail extends ResourceDetail {
  channelGroupName?: string;
  channelGroupArn?: string;
  inputType?: string;
  ingestEndpoints?: Child[];
  metrics?: LatestMetricsView;
  originEndpoints?: (Child & { arn: string; name: string; metrics?: LatestMetricsView })[];
}

/** `GET /mediapackagev2/origin-endpoints/{endpointArn}`. */
export interface V2EndpointDetail extends ResourceDetail {
  channelGroupName?: string;
  channelName?: string;
  channelArn?: string;
  containerType?: string;
  segment?: Child;
  hlsManifests?: Child[];
  lowLatencyHlsManifests?: Child[];
  dashManifests?: Child[];
  metrics?: LatestMetricsView;
}

/**
 * A MediaPackage v2 channel group's page. The API lists groups but has no route for one: the page reads its row from
 * `GET /mediapackagev2/channel-groups` narrowed by the account, Region and name its ARN holds, so it shows what a list
 * row carries (GSI1's projection: name, times, tags; not the egress domain); its channels, read from the signal chain
 * (the `channel-group` links, one hop downstream); alarms, events, audit trail. Operator: "Re-poll".
 */
export function ChannelGroupPage({ arn }: { arn: string; sub?: string }) {
  const groupName = channelGroupNameOf(arn);
  return (
    <ListedResourcePage<ChannelGroupDetail>
      arn={arn}
      listRoute="/mediapackagev2/channel-groups"
      query={{ ...arnPlace(arn), ...(groupName ? { namePrefix: groupName } : {}) }}
      listPath={V2_GROUPS_PATH}
      listTitle="Channel groups"
      noun="Channel group"
      sections={() => <GroupChannels arn={arn} />}
    />
  );
}

/** The group's channels: the chain one hop downstream (one Query per node), re-read when any of them changes. */
function GroupChannels({ arn }: { arn: string }) {
  const chain = useLiveQuery<ChainGraph>(
    `/chains/${encodeURIComponent(arn)}`,
    { direction: 'downstream', depth: 1 },
    { refreshOn: (change) => change.type === 'mediapackagev2:channel' || change.arn === arn },
  );
  const channels = (chain.data?.nodes ?? []).filter((node) => node.depth === 1);
  return (
    <section aria-label="Channels" class="resource-section">
      <h2>Channels ({chain.data ? channels.length : '…'})</h2>
      {chain.error && chain.error.status !== 404 && (
        <p class="empty">Could not read the channels: {chain.error.message}</p>
      )}
      {chain.data && channels.length === 0 && <p class="empty">No channels in this group.</p>}
      <ul>
        {channels.map((node) => (
          <li key={node.arn}>
            <a href={detailHref(V2_CHANNELS_PATH, node.arn)}>{node.name ?? node.arn}</a>
            {node.alarms.length > 0 && ` · ${node.alarms.length} in alarm`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A MediaPackage v2 channel's page: group (link), input type, ingest endpoints (URLs), MQCS switches; its origin
 * endpoints (links, with their latest metrics); its latest ingress and egress metrics; every other field; alarms,
 * events, audit trail. Operator: "Re-poll" (through its channel group, which the poller re-reads whole).
 */
export function V2ChannelPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<V2ChannelDetail>
      arn={arn}
      apiPath={v2ChannelApiPath(arn)}
      listPath={V2_CHANNELS_PATH}
      listTitle="Channels (v2)"
      noun="Channel"
      sectionFields={[
        'ingestEndpoints',
        'metrics',
        'originEndpoints',
        'channelGroupName',
        'channelGroupArn',
        'inputType',
      ]}
      facts={(channel) => [
        [
          'Channel group',
          channel.channelGroupArn ? (
            <a href={detailHref(V2_GROUPS_PATH, channel.channelGroupArn)}>{channel.channelGroupName ?? 'group'}</a>
          ) : (
            (channel.channelGroupName ?? MISSING)
          ),
        ],
        ['Input type', channel.inputType ?? MISSING],
      ]}
      sections={(channel) => (
        <>
          <IngestEndpointsSection endpoints={channel.ingestEndpoints ?? []} />
          <section aria-label="Origin endpoints" class="resource-section">
            <h2>Origin endpoints ({channel.originEndpoints?.length ?? 0})</h2>
            {(channel.originEndpoints ?? []).length === 0 && <p class="empty">No origin endpoints.</p>}
            {(channel.originEndpoints ?? []).map((endpoint) => (
              <article key={endpoint.arn} class="resource-child" aria-label={`Origin endpoint ${endpoint.name}`}>
                <h3>
                  <a href={detailHref(V2_ENDPOINTS_PATH, endpoint.arn)}>{endpoint.name}</a>{' '}
                  {typeof endpoint.containerType === 'string' ? endpoint.containerType : ''}
                </h3>
                <LatestMetricsTable
                  label={`Origin endpoint ${endpoint.name}`}
                  metrics={endpoint.metrics}
                  catalog={ENDPOINT_METRIC_CATALOG}
                />
              </article>
            ))}
          </section>
          <section aria-label="Metrics" class="resource-section">
            <h2>Metrics</h2>
            <LatestMetricsTable label="Channel" metrics={channel.metrics} catalog={CHANNEL_METRIC_CATALOG} />
          </section>
        </>
      )}
    />
  );
}

/**
 * A MediaPackage v2 origin endpoint's page: channel (link) and group, container, segment settings (duration, name,
 * SCTE filter, encryption: method, SPEKE URL, role, DRM systems; never the constant IV), HLS, low-latency HLS and DASH
 * manifests with their URLs; latest egress metrics; alarms, events, audit trail.
 */
export function V2EndpointPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<V2EndpointDetail>
      arn={arn}
      apiPath={v2EndpointApiPath(arn)}
      listPath={V2_ENDPOINTS_PATH}
      listTitle="Origin endpoints (v2)"
      noun="Origin endpoint"
      sectionFields={[
        'segment',
        'hlsManifests',
        'lowLatencyHlsManifests',
        'dashManifests',
        'metrics',
        'channelName',
        'channelArn',
        'channelGroupName',
        'containerType',
      ]}
      facts={(endpoint) => [
        [
          'Channel',
          endpoint.channelArn ? (
            <a href={detailHref(V2_CHANNELS_PATH, endpoint.channelArn)}>{endpoint.channelName ?? 'channel'}</a>
          ) : (
            (endpoint.channelName ?? MISSING)
          ),
        ],
        ['Channel group', endpoint.channelGroupName ?? MISSING],
        ['Container', endpoint.containerType ?? MISSING],
      ]}
      sections={(endpoint) => (
        <>
          <section aria-label="Segment" class="resource-section">
            <h2>Segment</h2>
            {endpoint.segment ? (
              <FieldList record={endpoint.segment} label="Segment fields" />
            ) : (
              <p class="empty">No segment settings stored.</p>
            )}
          </section>
          <ChildSection
            label="Manifests"
            items={[
              ...(endpoint.hlsManifests ?? []).map((m) => ({ kind: 'HLS', ...m })),
              ...(endpoint.lowLatencyHlsManifests ?? []).map((m) => ({ kind: 'LL-HLS', ...m })),
              ...(endpoint.dashManifests ?? []).map((m) => ({ kind: 'DASH', ...m })),
            ].map((m): Child => m)}
            empty="No manifests."
            name={(m, i) => `${m.kind} manifest ${String(m.manifestName ?? i + 1)}`}
            title={(m) => `${m.kind} ${String(m.manifestName ?? '')}`}
            omit={['kind', 'manifestName']}
          />
          <section aria-label="Metrics" class="resource-section">
            <h2>Metrics</h2>
            <LatestMetricsTable label="Endpoint" metrics={endpoint.metrics} catalog={ENDPOINT_METRIC_CATALOG} />
          </section>
        </>
      )}
    />
  );
}
