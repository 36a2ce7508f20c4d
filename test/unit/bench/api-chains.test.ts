import { benchChains } from '../../../bin/bench/api-chains';
import { pickNamedRoute } from '../../../bin/bench/api-routes';
import { readChain } from '../../../lambdas/chain/chain-graph';
import { ChainTestStore } from '../chain/chain-fixtures';

const flowArns = (count: number) =>
  Array.from({ length: count }, (_, i) => `arn:aws:mediaconnect:eu-central-1:111122223333:flow:1-${i}:bench-${i}`);
const OPTIONS = { account: '111122223333', region: 'eu-central-1', now: Date.parse('2026-12-01T10:00:00Z') };

describe('the API bench’s chains', () => {
  it('builds 1,000 inputs, 200 channels, 200 MediaPackage channels and 400 endpoints for 1,000 flows', () => {
    // Act
    const chains = benchChains(flowArns(1000), OPTIONS);

    // Assess
    expect(chains.counts).toEqual({ inputs: 1000, channels: 200, packageChannels: 200, endpoints: 400, links: 2600 });
    expect(chains.items).toHaveLength(1000 + 200 + 200 + 400 + 2 * 2600);
    expect(chains.chainArns).toHaveLength(1000 + 200 + 400);
    expect(new Set(chains.items.map((i) => `${String(i.pk)} ${String(i.sk)}`)).size).toBe(chains.items.length);
  });

  it('gives every flow a chain to two origin endpoints, and every channel its five flows upstream', async () => {
    // Prepare
    const flows = flowArns(10);
    const chains = benchChains(flows, { ...OPTIONS, channels: 2 });
    const store = new ChainTestStore().seed(...(chains.items as { pk: string; sk: string }[]));
    const channel = chains.chainArns[10] as string;

    // Act
    const fromFlow = await readChain(store, flows[3] as string);
    const fromChannel = await readChain(store, channel);

    // Assess
    // The flows' own items are seeded by the bench beside these: here the flow is linked but not stored.
    expect(fromFlow.nodes.map((n) => [n.type, n.depth])).toEqual([
      [undefined, 0],
      ['medialive:input', 1],
      ['medialive:channel', 2],
      ['mediapackage:channel', 3],
      ['mediapackage:origin-endpoint', 4],
      ['mediapackage:origin-endpoint', 4],
    ]);
    expect(fromFlow.nodes[0]?.monitored).toBe(false);
    expect(fromChannel.nodes.filter((n) => n.depth === -2)).toHaveLength(5);
    expect(fromChannel.nodes).toHaveLength(1 + 5 + 5 + 1 + 2);
    expect(fromChannel.reads).toBe(fromChannel.nodes.length);
  });

  it('sends about 5% of the mix to GET /chains/{arn}, with a resource of the chains', () => {
    // Prepare
    const counts: Record<string, number> = {};
    const paths: string[] = [];

    // Act
    for (let i = 0; i < 4000; i++) {
      const route = pickNamedRoute({ flows: ['arn:flow'], chains: ['arn:aws:medialive:x:1:channel:7'] }, counts);
      if (route.name === 'GET /chains/{arn}') paths.push(route.path);
    }

    // Assess
    expect(paths.length).toBeGreaterThan(100);
    expect(paths.length).toBeLessThan(320);
    expect(new Set(paths)).toEqual(new Set([`/chains/${encodeURIComponent('arn:aws:medialive:x:1:channel:7')}`]));
  });
});
