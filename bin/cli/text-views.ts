/** Readable terminal output of the CLI: aligned tables and the flow tree. */

export interface Column<T> {
  header: string;
  value: (row: T) => string | number | boolean | undefined | null;
  /** Longest a cell may be before it is cut with an ellipsis. @default no limit */
  max?: number;
}

/** An aligned table with a header row; `(none)` when there are no rows. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((column) => cut(display(column.value(row)), column.max)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => (row[i] as string).length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => (i === values.length - 1 ? value : value.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

/** A node of a text tree. */
export interface TreeNode {
  label: string;
  children?: readonly TreeNode[];
}

/** Draws a tree with box-drawing branches, the root label on the first line. */
export function renderTree(root: TreeNode): string {
  const lines = [root.label];
  const walk = (nodes: readonly TreeNode[], prefix: string) => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${node.label}`);
      if (node.children?.length) walk(node.children, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root.children ?? [], '');
  return lines.join('\n');
}

/** A metric value for people: bit rates in kb/s or Mb/s, others with at most 3 decimals. */
export function formatMetric(name: string, value: number): string {
  if (/bit ?rate/i.test(name)) {
    if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)} Mb/s`;
    if (Math.abs(value) >= 1e3) return `${(value / 1e3).toFixed(1)} kb/s`;
    return `${value} b/s`;
  }
  return Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, '');
}

/** "3m ago", "2h ago": how long ago an ISO time was. */
export function ago(iso: string | undefined, now: number): string {
  if (!iso) return '-';
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return '-';
  if (seconds < 60) return `${Math.max(0, seconds)}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

function display(value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null || value === '' ? '-' : String(value);
}

function cut(value: string, max: number | undefined): string {
  return max !== undefined && value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
