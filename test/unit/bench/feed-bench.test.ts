import { parseBenchArgs } from '../../../bin/bench/bench-args';
import { feedCostPerHour, PRICES } from '../../../bin/bench/feed-bench';

describe('feed bench', () => {
  it('prices one dashboard polling every 2 s from its read units and handler time', () => {
    // Act
    const cost = feedCostPerHour({ pollsPerHour: 1_800, readUnitsPerPoll: 0.5, lambdaMsPerPoll: 29.2 });

    // Assess
    expect(cost.apiGateway).toBeCloseTo((1_800 / 1e6) * PRICES.apiGatewayRestPerMillion, 10);
    // 30 ms billed at 0.5 GB, plus the request charge.
    expect(cost.lambda).toBeCloseTo(1_800 * 0.5 * 0.03 * PRICES.lambdaArmPerGbSecond + (1_800 / 1e6) * 0.2, 10);
    expect(cost.dynamodb).toBeCloseTo((1_800 * 0.5 * PRICES.dynamoReadUnitsPerMillion) / 1e6, 12);
    expect(cost.total).toBeCloseTo(cost.apiGateway + cost.lambda + cost.dynamodb, 12);
  });

  it('is selected by --feed and refused beside another bench', () => {
    // Act
    const mode = parseBenchArgs(['--feed', '--polls', '5']).mode;

    // Assess
    expect(mode).toBe('feed');
    expect(() => parseBenchArgs(['--feed', '--api'])).toThrow(/separate benches/);
  });
});
