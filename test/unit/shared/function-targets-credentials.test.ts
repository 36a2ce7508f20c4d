import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { functionTargetCredentials } from '../../../lambdas/shared/function-targets';
import { watchedTargetSchema } from '../../../lambdas/shared/watched-targets';

const sts = mockClient(STSClient);

// The member target, parsed as the functions parse the registry (defaults filled in).
const MEMBER = watchedTargetSchema.parse({
  account: '222222222222',
  region: 'eu-west-1',
  credentials: {
    type: 'assume-role',
    roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
  },
});

describe('functionTargetCredentials', () => {
  beforeEach(() => sts.reset());

  it("names the session after the function and assumes the target's role", async () => {
    // Prepare
    sts.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'AKIA-TEST',
        SecretAccessKey: 'secret-test',
        SessionToken: 'token-test',
        Expiration: new Date(Date.now() + 3_600_000),
      },
      AssumedRoleUser: {
        AssumedRoleId: 'AROA:media-monitor-api',
        Arn: 'arn:aws:sts::222222222222:assumed-role/media-monitor-read-eu-west-1/media-monitor-api',
      },
    });

    // Act
    const identity = await functionTargetCredentials('api').provider(MEMBER, 'read')!();

    // Assess
    expect(identity.accessKeyId).toBe('AKIA-TEST');
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
      RoleSessionName: 'media-monitor-api',
    });
  });
});
