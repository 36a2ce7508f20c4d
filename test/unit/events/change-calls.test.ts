import { isMutatingCall, READ_ONLY_PREFIXES } from '../../../lambdas/events/change-calls';
import { mutatingCommandsOf } from './service-change-calls';

/** Which call names change something: every capitalised call name except the reads (Describe, List, Get + a capital). */

describe('isMutatingCall', () => {
  it.each([
    'DescribeFlow',
    'DescribeInputDeviceThumbnail',
    'ListFlows',
    'ListTagsForResource',
    'GetChannelPolicy',
    'GetX',
  ])('reads %s as a read', (name) => {
    // Act
    const mutating = isMutatingCall(name);

    // Assess
    expect(mutating).toBe(false);
  });

  it.each([
    'StopFlow',
    'CreateChannel',
    'UntagResource',
    'BatchStart',
    'BatchUpdateSchedule',
    'RotateChannelCredentials',
    'PutChannelPolicy',
    'RebootInputDevice',
    'PurchaseOffering',
    'DeregisterGatewayInstance',
    'ConfigureLogs',
  ])('reads %s as mutating', (name) => {
    // Act
    const mutating = isMutatingCall(name);

    // Assess
    expect(mutating).toBe(true);
  });

  it.each(['Getaway', 'Listen', 'Describer', 'Gets3'])(
    'reads %s as mutating: a read word counts only when a capital follows it',
    (name) => {
      // Act
      const mutating = isMutatingCall(name);

      // Assess
      expect(mutating).toBe(true);
    },
  );

  it.each(['', 'describeFlow', 'stopFlow', 'Stop Flow', 'StopFlow\n', 'Stop-Flow'])(
    'reads %j as no call name, so not mutating',
    (name) => {
      // Act
      const mutating = isMutatingCall(name);

      // Assess
      expect(mutating).toBe(false);
    },
  );

  it('reads Describe, List and Get as the only read words', () => {
    // Assess
    expect(READ_ONLY_PREFIXES).toEqual(['Describe', 'List', 'Get']);
  });

  it.each([
    ['mediaconnect', ['DeregisterGatewayInstance', 'PurchaseOffering']],
    [
      'medialive',
      [
        'AcceptInputDeviceTransfer',
        'BatchDelete',
        'BatchStart',
        'BatchStop',
        'BatchUpdateSchedule',
        'CancelInputDeviceTransfer',
        'ClaimDevice',
        'PurchaseOffering',
        'RebootInputDevice',
        'RejectInputDeviceTransfer',
        'RestartChannelPipelines',
        'TransferInputDevice',
      ],
    ],
    ['mediapackage', ['ConfigureLogs', 'RotateChannelCredentials', 'RotateIngestEndpointCredentials']],
    ['mediapackagev2', ['CancelHarvestJob', 'PutChannelPolicy', 'PutOriginEndpointPolicy']],
  ])('counts as mutating the %s SDK commands beyond the issue’s eleven verbs', (service, beyondEleven) => {
    // Prepare
    const elevenVerbs = /^(Create|Update|Delete|Add|Remove|Grant|Revoke|Start|Stop|Tag|Untag)[A-Z]/;

    // Act
    const mutating = mutatingCommandsOf(service);

    // Assess
    expect(mutating.filter((name) => !elevenVerbs.test(name))).toEqual(expect.arrayContaining(beyondEleven));
    expect(mutating.filter((name) => /^(Describe|List|Get)[A-Z]/.test(name))).toEqual([]);
  });
});
