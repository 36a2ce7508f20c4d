import {
  ariaSort,
  countAlarms,
  filterRows,
  formatSort,
  listQueryOf,
  listStateFrom,
  ListColumn,
  ListRow,
  mergeRows,
  nextSort,
  parseSort,
  planRefresh,
  sortRows,
  visibleWindow,
} from '../../../bin/dashboard/app/model/list-model';

type FlowRow = ListRow & { bitrate?: number; sourceType?: string };

const flow = (name: string, extra: Partial<FlowRow> = {}): FlowRow => ({
  arn: `arn:aws:mediaconnect:eu-west-1:111122223333:flow:1-${name}:${name}`,
  name,
  status: 'ACTIVE',
  account: '111122223333',
  region: 'eu-west-1',
  ...extra,
});

const columns: ListColumn<FlowRow>[] = [
  { id: 'name', value: (row) => row.name },
  { id: 'status', value: (row) => row.status },
  { id: 'bitrate', value: (row) => row.bitrate, numeric: true },
  { id: 'sourceType', value: (row) => row.sourceType },
];

const names = (rows: readonly FlowRow[]): (string | undefined)[] => rows.map((row) => row.name);

describe('filterRows', () => {
  const rows = [
    flow('Venue-1', { sourceType: 'OWNED' }),
    flow('venue-2', { status: 'STANDBY', region: 'us-east-1' }),
    flow('Studio', { sourceType: 'ENTITLED', account: '444455556666' }),
  ];

  it('matches the name case-insensitively', () => {
    // Act
    const kept = filterRows(rows, 'VENUE', columns);

    // Assess
    expect(names(kept)).toEqual(['Venue-1', 'venue-2']);
  });

  it('matches the status, account, Region, ARN and any column value', () => {
    // Act
    const byStatus = filterRows(rows, 'standby', columns);
    const byAccount = filterRows(rows, '4444', columns);
    const byRegion = filterRows(rows, 'us-east', columns);
    const byArn = filterRows(rows, 'flow:1-studio', columns);
    const byColumn = filterRows(rows, 'entitled', columns);

    // Assess
    expect([byStatus, byAccount, byRegion, byArn, byColumn].map(names)).toEqual([
      ['venue-2'],
      ['Studio'],
      ['venue-2'],
      ['Studio'],
      ['Studio'],
    ]);
  });

  it('keeps only rows holding every word of the filter', () => {
    // Act
    const kept = filterRows(rows, '  venue   standby ', columns);

    // Assess
    expect(names(kept)).toEqual(['venue-2']);
  });

  it('keeps every row when the filter is blank', () => {
    // Act
    const kept = filterRows(rows, '   ', columns);

    // Assess
    expect(kept).toBe(rows);
  });
});

describe('sortRows', () => {
  it('sorts text in natural order, ascending and descending', () => {
    // Prepare
    const rows = [flow('flow-10'), flow('Flow-2'), flow('flow-1')];

    // Act
    const ascending = sortRows(rows, { columnId: 'name', descending: false }, columns);
    const descending = sortRows(rows, { columnId: 'name', descending: true }, columns);

    // Assess
    expect(names(ascending)).toEqual(['flow-1', 'Flow-2', 'flow-10']);
    expect(names(descending)).toEqual(['flow-10', 'Flow-2', 'flow-1']);
  });

  it('sorts numbers numerically and keeps missing values last in both directions', () => {
    // Prepare
    const rows = [
      flow('a', { bitrate: 9_000_000 }),
      flow('b'),
      flow('c', { bitrate: 10_000_000 }),
      flow('d', { bitrate: 800_000 }),
    ];

    // Act
    const ascending = sortRows(rows, { columnId: 'bitrate', descending: false }, columns);
    const descending = sortRows(rows, { columnId: 'bitrate', descending: true }, columns);

    // Assess
    expect(names(ascending)).toEqual(['d', 'a', 'c', 'b']);
    expect(names(descending)).toEqual(['c', 'a', 'd', 'b']);
  });

  it('keeps the order of equal values (stable)', () => {
    // Prepare
    const rows = [
      flow('z', { status: 'ACTIVE' }),
      flow('y', { status: 'ERROR' }),
      flow('x', { status: 'ACTIVE' }),
      flow('w', { status: 'ERROR' }),
    ];

    // Act
    const ascending = sortRows(rows, { columnId: 'status', descending: false }, columns);
    const descending = sortRows(rows, { columnId: 'status', descending: true }, columns);

    // Assess
    expect(names(ascending)).toEqual(['z', 'x', 'y', 'w']);
    expect(names(descending)).toEqual(['y', 'w', 'z', 'x']);
  });

  it('keeps the order for an unknown column or no sort', () => {
    // Prepare
    const rows = [flow('b'), flow('a')];

    // Act
    const unknown = sortRows(rows, { columnId: 'nope', descending: false }, columns);
    const none = sortRows(rows, undefined, columns);

    // Assess
    expect(unknown).toBe(rows);
    expect(none).toBe(rows);
  });
});

describe('sort parameters', () => {
  it('reads and writes ?sort=name and ?sort=-bitrate', () => {
    // Act
    const ascending = parseSort('name');
    const descending = parseSort('-bitrate');

    // Assess
    expect(ascending).toEqual({ columnId: 'name', descending: false });
    expect(descending).toEqual({ columnId: 'bitrate', descending: true });
    expect([formatSort(ascending!), formatSort(descending!)]).toEqual(['name', '-bitrate']);
    expect([parseSort(undefined), parseSort(''), parseSort('-')]).toEqual([undefined, undefined, undefined]);
  });

  it('sorts a new column ascending first, then flips it', () => {
    // Act
    const first = nextSort(undefined, 'name');
    const second = nextSort(first, 'name');
    const other = nextSort(second, 'status');

    // Assess
    expect([first, second, other]).toEqual([
      { columnId: 'name', descending: false },
      { columnId: 'name', descending: true },
      { columnId: 'status', descending: false },
    ]);
  });

  it("gives each header's aria-sort", () => {
    // Prepare
    const sort = { columnId: 'name', descending: true };

    // Act
    const values = [ariaSort(sort, 'name'), ariaSort(sort, 'status'), ariaSort({ ...sort, descending: false }, 'name')];

    // Assess
    expect(values).toEqual(['descending', 'none', 'ascending']);
  });
});

describe('the list state in the URL', () => {
  it('reads the text filter, the sort and the known server filters, and writes them back', () => {
    // Prepare
    const query = { q: 'venue', sort: '-name', status: 'ACTIVE', account: '111122223333', other: 'x', region: '' };

    // Act
    const state = listStateFrom(query, ['status']);
    const written = listQueryOf(state);

    // Assess
    expect(state).toEqual({
      text: 'venue',
      sort: { columnId: 'name', descending: true },
      server: { status: 'ACTIVE', account: '111122223333' },
    });
    expect(written).toEqual({ status: 'ACTIVE', account: '111122223333', q: 'venue', sort: '-name' });
  });

  it('leaves an empty filter and no sort out of the URL', () => {
    // Act
    const written = listQueryOf({ text: '', server: {} });

    // Assess
    expect(written).toEqual({ q: undefined, sort: undefined });
  });
});

describe('mergeRows', () => {
  it('replaces a re-read row in place, appends a new one and drops removed and tombstoned ones', () => {
    // Prepare
    const [a, b, c, d] = [flow('a'), flow('b'), flow('c'), flow('d')];
    const changedB = { ...b, status: 'ERROR' };
    const newE = flow('e');

    // Act
    const merged = mergeRows(
      [a, b, c, d],
      [
        { arn: b.arn, row: changedB },
        { arn: c.arn, removed: true },
        { arn: d.arn, row: { ...d, tombstone: true } },
        { arn: newE.arn, row: newE },
      ],
    );

    // Assess
    expect(merged).toEqual([a, changedB, newE]);
  });

  it('drops a re-read row that the server-side filters no longer select', () => {
    // Prepare
    const a = flow('a');
    const b = flow('b');

    // Act
    const merged = mergeRows([a, b], [{ arn: b.arn, row: { ...b, status: 'STANDBY' } }], { status: 'ACTIVE' });

    // Assess
    expect(merged).toEqual([a]);
  });

  it('ignores the removal of a row that is not loaded', () => {
    // Prepare
    const a = flow('a');

    // Act
    const merged = mergeRows([a], [{ arn: 'arn:unknown', removed: true }]);

    // Assess
    expect(merged).toEqual([a]);
  });
});

describe('planRefresh', () => {
  const type = 'mediaconnect:flow';
  const loaded = new Set(['arn:flow:1', 'arn:flow:2']);
  const list = { resourceType: type, loaded, canReadRows: true };

  it('re-reads changed resources of its type and loaded rows whose children changed', () => {
    // Act
    const plan = planRefresh(
      [
        { kind: 'resource', arn: 'arn:flow:1', type },
        { kind: 'resource', arn: 'arn:flow:new', type },
        { kind: 'child', arn: 'arn:flow:2', type },
        { kind: 'resource', arn: 'arn:flow:1', type },
      ],
      false,
      list,
    );

    // Assess
    expect(plan).toEqual({ all: false, arns: ['arn:flow:1', 'arn:flow:new', 'arn:flow:2'], alarms: false });
  });

  it('re-reads the alarm counts for an alarm of a loaded row, and ignores events, pollers and other types', () => {
    // Act
    const plan = planRefresh(
      [
        { kind: 'alarm', arn: 'arn:flow:1' },
        { kind: 'event', arn: 'arn:flow:2', type },
        { kind: 'poller' },
        { kind: 'resource', arn: 'arn:channel:1', type: 'medialive:channel' },
        { kind: 'alarm', arn: 'arn:channel:1', type: 'medialive:channel' },
      ],
      false,
      list,
    );

    // Assess
    expect(plan).toEqual({ all: false, arns: [], alarms: true });
  });

  it('re-reads the whole list over the row limit, on reloadAll, or when rows cannot be read alone', () => {
    // Prepare
    const many = Array.from({ length: 21 }, (_, i) => ({ kind: 'resource', arn: `arn:flow:${i}`, type }));

    // Act
    const overLimit = planRefresh(many, false, list);
    const atLimit = planRefresh(many.slice(0, 20), false, list);
    const reloadAll = planRefresh([], true, list);
    const noDetail = planRefresh(many.slice(0, 1), false, { ...list, canReadRows: false });

    // Assess
    expect(overLimit).toEqual({ all: true, arns: [], alarms: false });
    expect(atLimit.all).toBe(false);
    expect(atLimit.arns).toHaveLength(20);
    expect(reloadAll).toEqual({ all: true, arns: [], alarms: true });
    expect(noDetail.all).toBe(true);
  });
});

describe('countAlarms', () => {
  it("counts active alarms per top-level resource, a child's alarm for its parent", () => {
    // Act
    const counts = countAlarms([
      { resourceArn: 'arn:flow:1', parentArn: 'arn:flow:1' },
      { resourceArn: 'arn:source:1', parentArn: 'arn:flow:1' },
      { resourceArn: 'arn:flow:2' },
      {},
    ]);

    // Assess
    expect([...counts]).toEqual([
      ['arn:flow:1', 2],
      ['arn:flow:2', 1],
    ]);
  });
});

describe('visibleWindow', () => {
  it('renders the rows in view plus the overscan, with spacers for the rest', () => {
    // Act
    const window = visibleWindow({
      scrollTop: 3_600,
      viewportHeight: 720,
      rowHeight: 36,
      rowCount: 1_000,
      overscan: 5,
    });

    // Assess
    expect(window).toEqual({ first: 95, end: 125, padTop: 95 * 36, padBottom: (1_000 - 125) * 36 });
  });

  it('clamps at the top and at the bottom of the list', () => {
    // Act
    const top = visibleWindow({ scrollTop: -50, viewportHeight: 360, rowHeight: 36, rowCount: 1_000, overscan: 5 });
    const bottom = visibleWindow({
      scrollTop: 99_999,
      viewportHeight: 360,
      rowHeight: 36,
      rowCount: 1_000,
      overscan: 5,
    });

    // Assess
    expect(top).toEqual({ first: 0, end: 15, padTop: 0, padBottom: 985 * 36 });
    expect(bottom).toEqual({ first: 994, end: 1_000, padTop: 994 * 36, padBottom: 0 });
  });

  it('renders every row of a short list and nothing of an empty one', () => {
    // Act
    const short = visibleWindow({ scrollTop: 0, viewportHeight: 720, rowHeight: 36, rowCount: 3, overscan: 5 });
    const empty = visibleWindow({ scrollTop: 0, viewportHeight: 720, rowHeight: 36, rowCount: 0, overscan: 5 });

    // Assess
    expect(short).toEqual({ first: 0, end: 3, padTop: 0, padBottom: 0 });
    expect(empty).toEqual({ first: 0, end: 0, padTop: 0, padBottom: 0 });
  });
});
