import { MISSING } from '../../model/format';
import { detailHref } from '../../model/routes';
import { ChildSection, ServiceResourcePage, type ResourceDetail } from '../service-page/resource-page';
import { INPUTS_PATH } from './channel-page';

/** The MediaConnect flows list's path: an input's flows link to their pages. */
const FLOWS_PATH = '/flows';

type Child = Record<string, unknown>;

export const inputApiPath = (arn: string): string => `/inputs/${encodeURIComponent(arn)}`;

/** `GET /inputs/{inputArn}`: the stored input (lambdas/medialive/medialive-model.ts `InputRecord`) with its alarms. */
export interface InputDetail extends ResourceDetail {
  inputType?: string;
  inputClass?: string;
  sources?: Child[];
  destinations?: Child[];
  mediaConnectFlowArns?: string[];
  securityGroups?: Child[];
  attachedChannelIds?: string[];
}

/**
 * A MediaLive input's page: type, class and state; its sources (URLs without credentials), destinations (push
 * endpoints), the MediaConnect flows that feed it (links), its security groups with their whitelist CIDRs, the channels
 * it is attached to; every other field; alarms, events, audit trail. Operator: "Re-poll".
 */
export function InputPage({ arn }: { arn: string; sub?: string }) {
  return (
    <ServiceResourcePage<InputDetail>
      arn={arn}
      apiPath={inputApiPath(arn)}
      listPath={INPUTS_PATH}
      listTitle="Inputs"
      noun="Input"
      sectionFields={['sources', 'destinations', 'mediaConnectFlowArns', 'securityGroups', 'inputType', 'inputClass']}
      facts={(input) => [
        ['Type', input.inputType ?? MISSING],
        ['Class', input.inputClass ?? MISSING],
        ['Attached to channels', input.attachedChannelIds?.join(', ') || 'none'],
      ]}
      sections={(input) => (
        <>
          <ChildSection
            label="Sources"
            items={input.sources ?? []}
            empty="No sources (a push input's sources are its destinations)."
            name={(_, i) => `Source ${i + 1}`}
            title={(s) => String(s.url ?? 'Source')}
          />
          <ChildSection
            label="Destinations"
            items={input.destinations ?? []}
            empty="No destinations (a pull or MediaConnect input has none)."
            name={(_, i) => `Destination ${i + 1}`}
            title={(d) => String(d.url ?? `${String(d.ip ?? '')}:${String(d.port ?? '')}`)}
          />
          <section aria-label="MediaConnect flows" class="resource-section">
            <h2>MediaConnect flows ({input.mediaConnectFlowArns?.length ?? 0})</h2>
            {(input.mediaConnectFlowArns ?? []).length === 0 ? (
              <p class="empty">No MediaConnect flow feeds this input.</p>
            ) : (
              <ul>
                {(input.mediaConnectFlowArns ?? []).map((flowArn) => (
                  <li key={flowArn}>
                    <a href={detailHref(FLOWS_PATH, flowArn)}>{flowArn.split(':').pop()}</a>{' '}
                    <span class="arn">{flowArn}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <ChildSection
            label="Security groups"
            items={input.securityGroups ?? []}
            empty="No input security groups."
            name={(g) => `Security group ${String(g.id)}`}
            title={(g) => `Security group ${String(g.id)}`}
            omit={['id']}
          />
        </>
      )}
    />
  );
}
