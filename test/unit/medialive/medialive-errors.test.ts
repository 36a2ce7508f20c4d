import { unavailableReason } from '../../../lambdas/medialive/medialive-errors';
import { awsError } from './medialive-context';

describe('unavailableReason', () => {
  it.each([
    ['AccessDeniedException', 403, 'denied', 'forbidden'],
    ['ForbiddenException', 403, 'forbidden', 'forbidden'],
    ['UnknownOperationException', 400, 'unknown', 'unknown-operation'],
    ['SyntaxError', 404, 'Unexpected token <', 'not-implemented'],
    ['SyntaxError', 500, 'The action has not been implemented', 'not-implemented'],
    ['NotImplemented', 501, 'nope', 'not-implemented'],
  ])('calls %s (%i) %s unavailable: %s', (name, status, message, reason) => {
    // Act
    const found = unavailableReason(awsError(name, status, message));

    // Assess
    expect(found).toBe(reason);
  });

  it.each([
    ['NotFoundException', 404, 'Channel not found'],
    ['InternalServerErrorException', 500, 'KeyError'],
    ['TooManyRequestsException', 429, 'slow down'],
    ['BadRequestException', 400, 'bad'],
  ])('leaves %s (%i) an ordinary failure', (name, status, message) => {
    // Act
    const found = unavailableReason(awsError(name, status, message));

    // Assess
    expect(found).toBeUndefined();
  });
});
