import type { AlarmRow } from '../../model/overview-model';
import { moduleForResource, nameOfArn, resourceHref } from '../../model/resource-links';
import { VIEW_MODULES } from '../registry';

/** The resource an alarm is placed on (a flow, for its sources' and outputs' alarms), linked to its page. */
export function AlarmResource({ alarm }: { alarm: AlarmRow }) {
  const arn = alarm.parentArn ?? alarm.resourceArn;
  if (!arn) return <span class="muted">no resource</span>;
  const href = resourceHref(VIEW_MODULES, arn);
  const module = moduleForResource(VIEW_MODULES, arn);
  const name = typeof alarm.resourceName === 'string' ? alarm.resourceName : nameOfArn(arn);
  return href ? (
    <a href={href} title={module ? `${module.title}: ${arn}` : arn}>
      {name}
    </a>
  ) : (
    <span title={arn}>{name}</span>
  );
}
