import { identifyCaller, isSameRole } from '../../../../lambdas/api/http/caller';
import {
  apiEvent,
  OPERATOR_ROLE_ARN,
  OPERATOR_SESSION_ARN,
  READ_ONLY_ROLE_ARN,
  READ_ONLY_SESSION_ARN,
} from '../api-test-kit';

describe('isSameRole', () => {
  it.each([
    [READ_ONLY_SESSION_ARN, READ_ONLY_ROLE_ARN, true],
    [READ_ONLY_ROLE_ARN, READ_ONLY_ROLE_ARN, true],
    [OPERATOR_SESSION_ARN, READ_ONLY_ROLE_ARN, false],
    ['arn:aws:sts::999999999999:assumed-role/MediaMonitorReadOnly/bob', READ_ONLY_ROLE_ARN, false],
    ['arn:aws:sts::111122223333:assumed-role/MediaMonitorReadOnlyX/bob', READ_ONLY_ROLE_ARN, false],
    ['arn:aws:iam::111122223333:user/bob', READ_ONLY_ROLE_ARN, false],
  ])('compares %s with %s as %s', (identity, role, expected) => {
    // Act & Assess
    expect(isSameRole(identity, role)).toBe(expected);
  });
});

describe('identifyCaller', () => {
  it('treats a session of the read-only role as read-only in AWS, whatever header it sends', () => {
    // Prepare
    const event = apiEvent({
      path: '/flows',
      userArn: READ_ONLY_SESSION_ARN,
      headers: { 'X-Mediamon-Role': 'operator' },
    });

    // Act
    const caller = identifyCaller(event, { readOnlyRoleArn: READ_ONLY_ROLE_ARN });

    // Assess
    expect(caller).toEqual({ role: 'read-only', identityArn: READ_ONLY_SESSION_ARN, callerId: 'AROAEXAMPLE:alice' });
  });

  it('ignores the role header in AWS', () => {
    // Prepare
    const event = apiEvent({ path: '/flows', headers: { 'x-mediamon-role': 'read-only' } });

    // Act
    const caller = identifyCaller(event, { readOnlyRoleArn: READ_ONLY_ROLE_ARN, operatorRoleArn: OPERATOR_ROLE_ARN });

    // Assess
    expect(caller.role).toBe('operator');
  });

  it('takes the role from the header in the local runtime, operator by default', () => {
    // Prepare
    const local = { roleHeaderEnabled: true };

    // Act
    const readOnly = identifyCaller(
      apiEvent({ path: '/', userArn: null, headers: { 'x-mediamon-role': 'read-only' } }),
      local,
    );
    const byDefault = identifyCaller(apiEvent({ path: '/', userArn: null }), local);

    // Assess
    expect(readOnly).toMatchObject({ role: 'read-only', identityArn: 'local:read-only' });
    expect(byDefault).toMatchObject({ role: 'operator', identityArn: 'local:operator' });
  });

  it('refuses an unknown role in the header with a 400', () => {
    // Act & Assess
    expect(() =>
      identifyCaller(apiEvent({ path: '/', headers: { 'x-mediamon-role': 'admin' } }), { roleHeaderEnabled: true }),
    ).toThrow(expect.objectContaining({ status: 400, options: { field: 'x-mediamon-role' } }));
  });
});
