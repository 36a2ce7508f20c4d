import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DeploymentSpec, EncryptionSetupSpec, WatchedTargetSpec } from './deployment-spec';

export interface MediaMonitorMemberStackProps extends StackProps {
  /** The monitoring deployment this member reports to (its account, Region and name). */
  readonly deployment: Pick<DeploymentSpec, 'name' | 'account' | 'region'>;
  /** The watched target this stack is deployed in: its account and Region are the stack's env. */
  readonly target: WatchedTargetSpec;
  /** Whether CloudTrail change events are forwarded too (the deployment's `changeEvents`). */
  readonly changeEvents: 'cloudtrail' | 'off';
  /** Encryption setups of this account, created here. @default [] */
  readonly encryptionSetups?: readonly EncryptionSetupSpec[];
}

/**
 * What a watched member account holds for a monitoring deployment in another account: the read role (and optionally
 * the operator role) the deployment's functions assume, the rule that forwards the media services' events, alarm
 * state changes and CloudTrail change events to the deployment's bus, and the account's encryption setups.
 * Implemented by issue 13's member-stack work.
 */
export class MediaMonitorMemberStack extends Stack {
  constructor(scope: Construct, id: string, props: MediaMonitorMemberStackProps) {
    super(scope, id, props);
    void props;
  }
}
