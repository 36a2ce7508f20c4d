import type { QuotaSplit } from '../shared/service-quota';
import type { TargetRegistry, WatchedTarget } from '../shared/watched-targets';
import type { ChangeEventsMode, SweepPeriods } from '../store/change-path';
import type { PageTokenCodec } from './http/page-token';
import type { ActionDeps } from './mediaconnect/flow-actions';
import type { ChannelActionDeps } from './medialive/channel-actions';

/**
 * What actions on one target's resources use: its clients with the target's operator credentials (MediaConnect,
 * MediaLive with a budget over the target's own API bucket), and its refreshers with its read credentials.
 */
export type TargetActions = Pick<ApiDeps, 'mediaConnect' | 'mediaLive' | 'refreshFlow' | 'refreshers'>;

/**
 * Everything the API's routes use, created once per cold start (`handler.ts`) or by a test. Functions that belong to
 * other modules (refreshing a flow, claiming and running a re-poll) are injected, so routes stay testable alone.
 */
export interface ApiDeps extends ActionDeps, ChannelActionDeps {
  /**
   * The deployment and the targets it watches (TargetRegistrySource: read at the first request and cached). List
   * routes filter them with `account=` and `region=`; actions and re-polls go to the target of the resource's ARN.
   */
  registry(): Promise<TargetRegistry>;
  /**
   * The clients, budgets and refreshers of actions on one target's resources, created on first use and kept per target.
   * `target.operator` is the resolved operator credential source (`operableTarget`). The top-level `mediaConnect`,
   * `mediaLive`, `refreshFlow` and `refreshers` are the deployment's own target's.
   */
  actionsFor(target: WatchedTarget): TargetActions;
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
  /**
   * Re-reads a top-level resource (flow, channel, input, input device) from its service and re-polls its metrics, in its
   * target with the target's read credentials.
   */
  repoll(resourceArn: string): Promise<void>;
  /** Whether the resource's service can be re-read (it has a refresher). */
  repollable(resourceArn: string): boolean;
}
