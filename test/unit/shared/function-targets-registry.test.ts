import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { functionTargetRegistry } from '../../../lambdas/shared/function-targets';
import { targetKey, type TargetRegistryInput } from '../../../lambdas/shared/watched-targets';

const ssm = mockClient(SSMClient);

const REGISTRY: TargetRegistryInput = {
  deployment: { account: '111111111111', region: 'eu-west-1', name: 'eu' },
  targets: [
    { account: '111111111111', region: 'eu-west-1' },
    {
      account: '222222222222',
      region: 'eu-west-1',
      credentials: {
        type: 'assume-role',
        roleArn: 'arn:aws:iam::222222222222:role/media-monitor/media-monitor-read-eu-west-1',
      },
    },
  ],
};

describe('functionTargetRegistry', () => {
  beforeEach(() => {
    ssm.reset();
  });

  it('reads the parameter TARGETS_PARAMETER names with an SSM client', async () => {
    // Prepare
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(REGISTRY) } });

    // Act
    const registry = await functionTargetRegistry({
      TARGETS_PARAMETER: '/media-monitor/eu/targets',
      AWS_REGION: 'eu-west-1',
    }).get();

    // Assess
    expect(ssm).toHaveReceivedCommandWith(GetParameterCommand, { Name: '/media-monitor/eu/targets' });
    expect(registry.targets.map(targetKey)).toEqual(['111111111111#eu-west-1', '222222222222#eu-west-1']);
  });

  it('watches only the deployment, with no SSM call, when neither WATCHED_TARGETS nor TARGETS_PARAMETER is set', async () => {
    // Act
    const registry = await functionTargetRegistry({ ACCOUNT_ID: '111111111111', AWS_REGION: 'eu-west-1' }).get();

    // Assess
    expect(registry.targets.map(targetKey)).toEqual(['111111111111#eu-west-1']);
    expect(ssm).not.toHaveReceivedAnyCommand();
  });
});
