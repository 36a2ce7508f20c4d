import { FieldList } from '../../components/field-list';
import { MISSING } from '../../model/format';
import type { LatestMetricsView } from '../../model/latest-metrics';
import { detailHref } from '../../model/routes';
import {
  MEDIAPACKAGE_CHANNEL_CATALOG,
  MEDIAPACKAGE_ENDPOINT_CATALOG,
} from '../../../../../lambdas/mediapackage/metric-catalog';
import { LatestMetricsTable } from '../service-page/latest-metrics-table';
import { IngestEndpointsSection, ServiceResourcePage, type ResourceDetail } from '../service-page/resource-page';

export const PACKAGE_CHANNELS_PATH = '/mediapackage/channels';
export const PACKAGE_ENDPOINTS_PATH = '/mediapackage/origin-endpoints';

export const packageChannelApiPath = (arn: string): string => `/mediapackage/channels/${encodeURIComponent(arn)}`;
export const packageEndpointApiPath = (arn: string): string =>
  `/mediapackage/origin-endpoints/${encodeURIComponent(arn)}`;

type Child = Record<string, unknown>;
type ScopedMetrics = LatestMetricsView & { scope?: string; key?: string };

/** `GET /mediapackage/channels/{channelArn}` (lambdas/api/mediapackage/package-queries.ts). */
export interface PackageChannelDetail extends ResourceDetail {
  description?: string;
  ingestEndpoints?: Child[];
  metrics?: ScopedMetrics[];
  originEndpoints?: (Child & { arn: string; name?: string })[];
}

/** `GET /mediapackage/origin-endpoints/{endpointArn}`. */
export interface PackageEndpointDetail extends ResourceDetail {
  channelId?: string;
  url?: string;
  packaging?: Child & { type?: string };
  metrics?: ScopedMetrics[];
}

const ENDPOINT_SCOPE_CATALOG = MEDIAPACKAGE_ENDPOINT_CATALOG.filter((m) => m.scope === 'ENDPOINT');
const INGEST_SCOPE_CATALOG = MEDIAPACKAGE_ENDPOINT_CATALOG.filter((m) => m.scope === 'INGEST_ENDPOINT');

/**
 * A MediaPackage v1 channel's page: its HLS ingest endpoints (URL and username; the password is never stored), its
 * origin endpoints (links, URL, packaging), its latest ingress and egress metrics; every other field; alarms, events,
 * audit trail. MediaPackage has no state: the heading shows its alarms. Operator: "Re-poll".
 */
export function PackageChannelPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<PackageChannelDetail>
      arn={arn}
      apiPath={packageChannelApiPath(arn)}
      listPath={PACKAGE_CHANNELS_PATH}
      listTitle="MediaPackage channels"
      noun="Channel"
      sectionFields={['ingestEndpoints', 'metrics', 'originEndpoints', 'description']}
      facts={(channel) => [['Description', channel.description ?? MISSING]]}
      sections={(channel) => (
        <>
          <IngestEndpointsSection endpoints={channel.ingestEndpoints ?? []} />
          <section aria-label="Origin endpoints" class="resource-section">
            <h2>Origin endpoints ({channel.originEndpoints?.length ?? 0})</h2>
            {(channel.originEndpoints ?? []).length === 0 ? (
              <p class="empty">No origin endpoint packages this channel.</p>
            ) : (
              <ul class="endpoint-list">
                {(channel.originEndpoints ?? []).map((endpoint) => (
                  <li key={endpoint.arn}>
                    <a href={detailHref(PACKAGE_ENDPOINTS_PATH, endpoint.arn)}>{endpoint.name ?? endpoint.arn}</a>{' '}
                    {(endpoint.packaging as { type?: string } | undefined)?.type ?? ''}{' '}
                    {typeof endpoint.url === 'string' && <span class="url">{endpoint.url}</span>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-label="Metrics" class="resource-section">
            <h2>Metrics</h2>
            {(channel.metrics ?? []).length === 0 && <p class="empty">No metrics polled.</p>}
            {(channel.metrics ?? []).map((metrics, i) => (
              <LatestMetricsTable
                key={`${metrics.scope ?? ''}${i}`}
                label="Channel"
                metrics={metrics}
                catalog={MEDIAPACKAGE_CHANNEL_CATALOG}
              />
            ))}
          </section>
        </>
      )}
    />
  );
}

/**
 * A MediaPackage v1 origin endpoint's page: its URL and channel, its packaging (HLS, DASH, MSS or CMAF with segment
 * and window settings, encryption: SPEKE URL, role and systems, never a key), access settings (whitelist, origination,
 * CDN authorization by secret ARN only), latest egress and ingest metrics; alarms, events, audit trail.
 */
export function PackageEndpointPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<PackageEndpointDetail>
      arn={arn}
      apiPath={packageEndpointApiPath(arn)}
      listPath={PACKAGE_ENDPOINTS_PATH}
      listTitle="MediaPackage origin endpoints"
      noun="Origin endpoint"
      sectionFields={['packaging', 'metrics', 'url', 'channelId']}
      facts={(endpoint) => [
        ['Channel', endpoint.channelId ?? MISSING],
        ['Packaging', endpoint.packaging?.type ?? MISSING],
        ['URL', endpoint.url ? <span class="url">{endpoint.url}</span> : MISSING],
      ]}
      sections={(endpoint) => (
        <>
          <section aria-label="Packaging" class="resource-section">
            <h2>Packaging {endpoint.packaging?.type ?? ''}</h2>
            {endpoint.packaging ? (
              <FieldList record={endpoint.packaging} omit={['type']} label="Packaging fields" />
            ) : (
              <p class="empty">No packaging stored.</p>
            )}
          </section>
          <section aria-label="Metrics" class="resource-section">
            <h2>Metrics</h2>
            {(endpoint.metrics ?? []).length === 0 && <p class="empty">No metrics polled.</p>}
            {(endpoint.metrics ?? []).map((metrics, i) => (
              <LatestMetricsTable
                key={`${metrics.scope ?? ''}${metrics.key ?? ''}${i}`}
                label={metrics.scope === 'INGEST_ENDPOINT' ? `Ingest endpoint ${metrics.key ?? ''}` : 'Endpoint'}
                metrics={metrics}
                catalog={metrics.scope === 'INGEST_ENDPOINT' ? INGEST_SCOPE_CATALOG : ENDPOINT_SCOPE_CATALOG}
              />
            ))}
          </section>
        </>
      )}
    />
  );
}
