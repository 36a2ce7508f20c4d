import type { QuotaSplit } from '../shared/service-quota';
import type { ChangeEventsMode, SweepPeriods } from '../store/change-path';
import type { PageTokenCodec } from './http/page-token';
import type { ActionDeps } from './mediaconnect/flow-actions';
import type { ChannelActionDeps } from './medialive/channel-actions';

/** The deployment the API answers for: its own account and Region are the default listing scope. */
export interface ApiScope {
  account: string;
  region: string;
}

/**
 * Everything the API's routes use, created once per cold start (`handler.ts`) or by a test. Functions that belong to
 * other modules (refreshing a flow, claiming and running a re-poll) are injected, so routes stay testable alone.
 */
export interface ApiDeps extends ActionDeps, ChannelActionDeps {
  scope: ApiScope;
  /** How the account's MediaConnect quota is split between the functions, shown by `/summary`. @default - not shown */
  mediaConnectQuota?: QuotaSplit;
  /** How the account's MediaLive quota is split between the functions, shown by `/summary`. @default - not shown */
  mediaLiveQuota?: QuotaSplit;
  /** Schedule interval of each poller in seconds, to judge staleness. @default DEFAULT_POLLER_INTERVALS */
  pollerIntervals?: Readonly<Record<string, number>>;
  pageTokens: PageTokenCodec;
  /** The deployment's change path mode (CHANGE_EVENTS), for `/summary`. @default 'off' */
  changeEvents?: ChangeEventsMode;
  /** The sweep periods the inventory functions pick from, for `/summary`. @default DEFAULT_SWEEP_PERIODS */
  sweepPeriods?: SweepPeriods;
  /** Re-reads a top-level resource (flow, channel, input, input device) from its service and re-polls its metrics. */
  repoll(resourceArn: string): Promise<void>;
  /** Whether the resource's service can be re-read (it has a refresher). */
  repollable(resourceArn: string): boolean;
}
