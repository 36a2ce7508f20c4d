import type { RequestBudget } from '../polling/request-budget';
import { mediaLiveArn } from './arn';

/**
 * The ARNs of the inputs the current cycle listed, by input id, so a channel's attachments name the input by the ARN
 * its `#META` item is keyed on (moto's `arn:aws:medialive:input:<hex>` is not the ARN one would build). Keyed by the
 * cycle's request budget: the input kind lists before the channel kind in the same cycle. An input the cycle did not
 * list (a refresh, or another budget) gets the ARN built in the poller's account and region.
 */
const listedInputArns = new WeakMap<RequestBudget, Map<string, string>>();

export function rememberInputArn(budget: RequestBudget, id: string, arn: string): void {
  let arns = listedInputArns.get(budget);
  if (!arns) listedInputArns.set(budget, (arns = new Map()));
  arns.set(id, arn);
}

export function inputArnOf(budget: RequestBudget, id: string, account: string, region: string): string {
  return listedInputArns.get(budget)?.get(id) ?? mediaLiveArn('input', id, account, region);
}
