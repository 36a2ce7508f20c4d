import {
  BENCH_CHANNEL_SHAPE,
  benchChannelName,
  benchChannelRequest,
  benchInputRequest,
  channelCostFigures,
} from '../../../bin/bench/bench-channels';

describe('bench channels', () => {
  it('builds a STANDARD channel on its own input with the shape the report states', () => {
    // Act
    const input = benchInputRequest(7);
    const channel = benchChannelRequest(7, 'abc123');

    // Assess
    expect(benchChannelName(7)).toBe('bench-ch-00007');
    expect(input).toMatchObject({ Name: 'bench-ch-00007-in', Type: 'URL_PULL' });
    input.Sources?.forEach((s) => expect(s.Url).not.toMatch(/@/));
    expect(channel.ChannelClass).toBe('STANDARD');
    expect(channel.InputAttachments).toEqual([{ InputAttachmentName: 'bench-ch-00007-in', InputId: 'abc123' }]);
    expect(channel.InputAttachments).toHaveLength(BENCH_CHANNEL_SHAPE.inputsPerChannel);
    expect(channel.EncoderSettings?.OutputGroups).toHaveLength(BENCH_CHANNEL_SHAPE.outputGroups);
  });

  it('prices the health set at the metrics interval against every channel metric each minute', () => {
    // Act
    const every5min = channelCostFigures(300);
    const everyMinute = channelCostFigures(60);

    // Assess: 2 pipelines x (10 + 2 groups x 2) = 28 metrics; 2 x (18 + 2 x 3) = 48 for the baseline.
    expect(every5min.plan).toMatchObject({ metricsPerChannelPoll: 28, pollsPerHour: 12 });
    expect(every5min.plan.usdPerChannelMonth).toBeCloseTo(2.4528, 4);
    expect(every5min.baseline).toMatchObject({ metricsPerChannelPoll: 48, pollsPerHour: 60 });
    expect(every5min.baseline.usdPerChannelMonth).toBeCloseTo(21.024, 3);
    expect(every5min.savingsFactor).toBeCloseTo((48 / 28) * 5, 6);
    expect(everyMinute.savingsFactor).toBeCloseTo(48 / 28, 6);
  });
});
