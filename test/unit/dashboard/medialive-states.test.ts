import { ChannelAction, channelStateConflict } from '../../../lambdas/api/medialive/channel-actions';
import * as routes from '../../../lambdas/api/medialive/routes';
import {
  CHANNEL_STATES,
  channelActionsFor,
  INPUT_DEVICE_STATES,
  INPUT_STATES,
} from '../../../bin/dashboard/app/model/medialive-states';

describe('MediaLive states of the dashboard', () => {
  it('offers the same status filters as the list routes accept', () => {
    // Assess
    expect(CHANNEL_STATES).toEqual(routes.CHANNEL_STATES);
    expect(INPUT_STATES).toEqual(routes.INPUT_STATES);
    expect(INPUT_DEVICE_STATES).toEqual(routes.INPUT_DEVICE_STATES);
  });

  it.each(CHANNEL_STATES)('offers start and stop in state %s exactly when the API accepts them', (state) => {
    // Prepare
    const accepts = (action: ChannelAction) =>
      channelStateConflict({ name: 'News-HD', status: state }, action) === undefined;

    // Act
    const offered = channelActionsFor(state);

    // Assess
    expect(offered).toEqual({ start: accepts('start'), stop: accepts('stop') });
  });
});
