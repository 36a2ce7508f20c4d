import { LoadCancelledError, pickSeries, SeriesLoader } from '../../../bin/dashboard/app/model/series-loader';

/** A read that settles when the test says so. */
function deferredRead<T>() {
  const reads: { key: string; resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const readOf = (key: string) => () =>
    new Promise<T>((resolve, reject) => {
      reads.push({ key, resolve, reject });
    });
  return { reads, readOf };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SeriesLoader', () => {
  it('runs at most `concurrency` reads at once and starts the next when one settles', async () => {
    // Prepare
    const loader = new SeriesLoader<string>({ concurrency: 2 });
    const { reads, readOf } = deferredRead<string>();

    // Act
    const results = ['a', 'b', 'c'].map((key) => loader.load(key, readOf(key)));
    const startedFirst = reads.map((r) => r.key);
    reads[0]!.resolve('A');
    await flush();
    const startedAfter = reads.map((r) => r.key);
    reads[1]!.resolve('B');
    reads[2]!.resolve('C');

    // Assess
    expect(startedFirst).toEqual(['a', 'b']);
    expect(startedAfter).toEqual(['a', 'b', 'c']);
    await expect(Promise.all(results)).resolves.toEqual(['A', 'B', 'C']);
    expect(loader.pending).toEqual({ running: 0, waiting: 0 });
  });

  it('shares a read in flight and serves the value from the cache until the TTL passes', async () => {
    // Prepare
    let now = 1_000_000;
    const loader = new SeriesLoader<string>({ ttlMs: 60_000, now: () => now });
    const read = jest.fn(async () => `read at ${now}`);

    // Act
    const [first, shared] = await Promise.all([loader.load('a', read), loader.load('a', read)]);
    now += 59_999;
    const cached = await loader.load('a', read);
    now += 1;
    const reread = await loader.load('a', read);

    // Assess
    expect([first, shared, cached]).toEqual(['read at 1000000', 'read at 1000000', 'read at 1000000']);
    expect(reread).toBe('read at 1060000');
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('does not cache a failed read', async () => {
    // Prepare
    const loader = new SeriesLoader<string>();
    const read = jest.fn().mockRejectedValueOnce(new Error('throttled')).mockResolvedValueOnce('ok');

    // Act
    const failed = loader.load('a', read);
    await expect(failed).rejects.toThrow('throttled');
    const retried = await loader.load('a', read);

    // Assess
    expect(retried).toBe('ok');
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('drops a waiting read whose caller no longer wants it', async () => {
    // Prepare
    const loader = new SeriesLoader<string>({ concurrency: 1 });
    const { reads, readOf } = deferredRead<string>();
    const scrolledAway = { aborted: false };

    // Act
    const first = loader.load('a', readOf('a'));
    const dropped = loader.load('b', readOf('b'), scrolledAway).catch((error: unknown) => error);
    const third = loader.load('c', readOf('c'));
    scrolledAway.aborted = true;
    reads[0]!.resolve('A');
    await flush();
    reads[1]!.resolve('C');

    // Assess
    await expect(dropped).resolves.toBeInstanceOf(LoadCancelledError);
    await expect(Promise.all([first, third])).resolves.toEqual(['A', 'C']);
    expect(reads.map((r) => r.key)).toEqual(['a', 'c']);
  });
});

describe('pickSeries', () => {
  it("picks the named metric's series with the newest datapoint", () => {
    // Prepare
    const series = [
      { metric: 'SourceBitRate', resourceArn: 'source-1', t: [60, 120], v: [1, 2] },
      { metric: 'SourceBitRate', resourceArn: 'source-2', t: [60, 120, 180], v: [3, 4, 5] },
      { metric: 'SourceConnected', resourceArn: 'source-2', t: [60, 120, 240], v: [1, 1, 1] },
    ];

    // Act
    const picked = pickSeries(series, 'SourceBitRate');

    // Assess
    expect(picked?.resourceArn).toBe('source-2');
  });

  it('finds none when the metric has no datapoints', () => {
    // Act
    const picked = pickSeries([{ metric: 'SourceBitRate', t: [], v: [] }], 'SourceBitRate');

    // Assess
    expect(picked).toBeUndefined();
  });
});
