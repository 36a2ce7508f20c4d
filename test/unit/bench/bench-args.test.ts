import { BenchArgsError, DEFAULT_BENCH_FLOWS, parseBenchArgs, subBenchOptions } from '../../../bin/bench/bench-args';

describe('bench arguments', () => {
  it('runs the poller bench on 200 flows and no channel with the health set by default', () => {
    // Act
    const options = parseBenchArgs([]);

    // Assess
    expect(options).toEqual({
      mode: 'pollers',
      flows: DEFAULT_BENCH_FLOWS,
      channels: 0,
      metricSet: 'health',
      json: false,
      help: false,
    });
    expect(DEFAULT_BENCH_FLOWS).toBe(200);
  });

  it.each([[['--flows', '1000']], [['--flows=1000']]])('reads the flow count from %j', (argv) => {
    // Act / Assess
    expect(parseBenchArgs(argv).flows).toBe(1000);
  });

  it('reads the channel count next to the flow count', () => {
    // Act
    const options = parseBenchArgs(['--flows', '1000', '--channels', '200']);

    // Assess
    expect(options).toMatchObject({ flows: 1000, channels: 200 });
  });

  it('reads the metric set, JSON output, datapoint flows and a MediaConnect rate override', () => {
    // Act
    const options = parseBenchArgs([
      '--metric-set',
      'full',
      '--json',
      '--datapoint-flows',
      '2',
      '--mediaconnect-rps',
      '50',
    ]);

    // Assess
    expect(options).toMatchObject({ metricSet: 'full', json: true, datapointFlows: 2, mediaConnectRps: 50 });
  });

  it.each([
    [['--flows', 'abc'], '--flows must be a number'],
    [['--flows', '0'], '--flows must be at least 1'],
    [['--flows', '2.5'], '--flows must be a whole number'],
    [['--flows', '999999'], '--flows must be at most 5000'],
    [['--metric-set', 'everything'], '--metric-set must be health or full'],
    [['--channels=-1'], '--channels must be at least 0'],
    [['--channels', 'x'], '--channels must be a number'],
    [['--channels', '1.5'], '--channels must be a whole number'],
    [['--channels', '2001'], '--channels must be at most 2000'],
    [['--mediaconnect-rps=0'], '--mediaconnect-rps must be positive'],
    [['--storm', '--api'], 'pick one'],
  ])('refuses %j', (argv, message) => {
    // Act / Assess
    expect(() => parseBenchArgs(argv)).toThrow(BenchArgsError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });

  it('reads a simulated inventory timeout and refuses one that is not a whole number of seconds', () => {
    // Act
    const options = parseBenchArgs(['--timeout-seconds', '60']);
    const bad = () => parseBenchArgs(['--timeout-seconds', '1.5']);

    // Assess
    expect(options.timeoutSeconds).toBe(60);
    expect(bad).toThrow(BenchArgsError);
  });

  it('refuses an unknown flag for the poller bench', () => {
    // Act / Assess
    expect(() => parseBenchArgs(['--flow', '10'])).toThrow(/Unknown option '--flow'/);
  });

  it('leaves unknown flags to the storm and API benches', () => {
    // Act
    const storm = parseBenchArgs(['--storm', '--events', '5000', '--flows', '50']);
    const api = parseBenchArgs(['--api', '--connections', '8']);

    // Assess
    expect(storm).toMatchObject({ mode: 'storm', flows: 50 });
    expect(api.mode).toBe('api');
  });

  it('runs the MediaPackage bench for --endpoints, and refuses it beside another bench', () => {
    // Act
    const mediapackage = parseBenchArgs(['--endpoints', '400', '--json']);
    const both = () => parseBenchArgs(['--endpoints', '400', '--storm']);

    // Assess
    expect(mediapackage).toMatchObject({ mode: 'mediapackage', json: true });
    expect(both).toThrow(BenchArgsError);
  });

  it('passes the sub-bench the raw arguments, and the flow count only when given', () => {
    // Prepare
    const given = ['--storm', '--flows', '50', '--events', '10'];
    const defaulted = ['--api', '--json'];

    // Act
    const withFlows = subBenchOptions(parseBenchArgs(given), given);
    const withoutFlows = subBenchOptions(parseBenchArgs(defaulted), defaulted);

    // Assess
    expect(withFlows).toEqual({ flows: 50, json: false, argv: given });
    expect(withoutFlows).toEqual({ json: true, argv: defaulted });
  });

  it('asks for help with -h', () => {
    // Act / Assess
    expect(parseBenchArgs(['-h']).help).toBe(true);
  });
});
