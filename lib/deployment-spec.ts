import type { CredentialSource, WatchedTarget } from '../lambdas/shared/watched-targets';

/**
 * The resolved shape of one monitoring deployment, as lib/config.ts produces it from the config file and the
 * constructs consume it: the monitoring stack (lib/media-monitor-stack.ts) and the member stacks
 * (lib/media-monitor-member-stack.ts). Every field is validated and defaulted.
 */
export interface DeploymentSpec {
  /** `deployments[].name`, @default `<account>-<region>`: names the bus, the schedule group, the SSM parameter. */
  readonly name: string;
  /** Where the table, API and functions are. Undefined only for the env-agnostic no-config stack. */
  readonly account?: string;
  readonly region?: string;
  /** The targets it watches; the first is the deployment itself unless the config says otherwise. */
  readonly watch: readonly WatchedTargetSpec[];
  /** Static-key encryption setups by name (seed 004), created in the stack of their account. */
  readonly encryptionSetups: readonly EncryptionSetupSpec[];
  /** The dashboard served from S3 through CloudFront with Cognito sign-in. @default - not hosted */
  readonly hostedDashboard?: HostedDashboardSpec;
}

/** `deployments[].dashboard.hosted`, defaults applied (lib/dashboard-hosting.ts builds it). */
export interface HostedDashboardSpec {
  /** The Cognito domain prefix (`https://<prefix>.auth.<region>.amazoncognito.com`). */
  readonly domainPrefix: string;
  /** Sign-in callback URLs besides the distribution's own. @default [] */
  readonly callbackUrls: readonly string[];
  /** A WAFv2 web ACL (global scope) in front of the distribution. @default - none */
  readonly webAclArn?: string;
  /** TOTP multi-factor sign-in. @default 'required' */
  readonly mfa: 'required' | 'optional';
}

/** One watched account and Region, with what only synth needs beside the runtime target. */
export interface WatchedTargetSpec extends WatchedTarget {
  /** Schedules of this target's pollers. @default - the deployment's */
  readonly inventorySchedule?: string;
  readonly metricsSchedule?: string;
  /** Whether the member stack forwards the target's events to the deployment's bus. @default true for a member */
  readonly forwardEvents: boolean;
  /** SNS topics in the member account whose alarm notifications the deployment subscribes to. @default [] */
  readonly alarmTopicArns: readonly string[];
  /** Flows whose default alarms the member stack creates (alarms live in the metric's account). @default [] */
  readonly alarmFlowArns: readonly string[];
  /**
   * Whether the app synthesizes a MediaMonitorMember stack for this target (only for an account other than the
   * deployment's; teams without CDK deploy templates/media-monitor-member.template.json instead). @default true
   */
  readonly memberStack: boolean;
}

/** A named static-key encryption setup. */
export interface EncryptionSetupSpec {
  readonly name: string;
  /** The account whose flows use it: the deployment's own, or a watched member's. Its Region is the deployment's. */
  readonly account: string;
  /** IAM role name MediaConnect assumes; never `MediaConnectAccessRole`. @default `MediaConnect-<name>` */
  readonly roleName: string;
  /** Import this secret instead of creating one. @default - a created secret named `media-monitor/encryption/<name>` */
  readonly secretArn?: string;
  /** Size of a created secret's generated key. @default 256 */
  readonly keyBits: 128 | 192 | 256;
}

export type { CredentialSource };
