import type { ChainEdge, ChainGraph, ChainNode, Impact } from '../../lambdas/chain/link-model';
import type { ResourceType } from '../../lambdas/store/keys';
import type { Span, Style } from './text-style';

/**
 * The terminal's "Signal chain" section and the impact line of an alarm: pure functions of what the API answered
 * (`GET /chains/{arn}` as a `ChainGraph`, `impacts` on `GET /alarms`), so the screen, `--once` and the tests print the
 * same thing. A graph is drawn as a tree from its most upstream nodes down the edges: flow → input → channel → package
 * channel → endpoints, one line per node with its type, name, status and health, and its alarms, in text as well as
 * colour. A node reached twice (two flows feeding one input) is drawn once, then named as shown above.
 */

/** What the view knows of a resource's chain. */
export type ChainState =
  | { readonly kind: 'graph'; readonly graph: ChainGraph }
  /**
   * No links yet: the API answered 404 (no chain for the resource, or, with `routeMissing`, no chains route at all),
   * or the graph has no edge.
   */
  | { readonly kind: 'waiting'; readonly routeMissing?: boolean }
  /** The API failed otherwise; the message says how. */
  | { readonly kind: 'unavailable'; readonly message: string };

export interface ChainSection {
  /** The name the demo knows the root by (e.g. `NewsHD-Primary`). */
  readonly rootName: string;
  readonly state: ChainState;
}

/** Short type labels; a type missing here is shown by its ARN service and resource words. */
const TYPE_LABELS: Partial<Readonly<Record<ResourceType, string>>> = {
  'mediaconnect:flow': 'flow',
  'medialive:input': 'input',
  'medialive:channel': 'channel',
  'medialive:input-device': 'input device',
  'mediapackage:channel': 'package channel',
  'mediapackage:origin-endpoint': 'endpoint',
  'mediapackagev2:channel-group': 'v2 channel group',
  'mediapackagev2:channel': 'v2 channel',
  'mediapackagev2:origin-endpoint': 'v2 endpoint',
};

const HEALTH_STYLE: Readonly<Record<string, Style>> = { HEALTHY: 'green', DEGRADED: 'yellow', UNHEALTHY: 'red' };
const STATUS_STYLE: Readonly<Record<string, Style>> = {
  ACTIVE: 'green',
  RUNNING: 'green',
  ATTACHED: 'green',
  STANDBY: 'dim',
  IDLE: 'dim',
  DETACHED: 'dim',
  ERROR: 'red',
  CREATE_FAILED: 'red',
  UPDATE_FAILED: 'red',
};

/** Columns of the tree part of a line (indent, type and name), so the states line up below each other. */
const TREE_COLUMNS = 50;

const span = (text: string, style: Style = 'plain'): Span => ({ text, style });
const pad = (text: string, width: number): string =>
  text.length >= width ? `${text.slice(0, Math.max(0, width - 2))}… ` : text.padEnd(width);

/** The last ARN segment, e.g. a MediaPackage endpoint's id, when the store has no name for a node. */
export function shortArn(arn: string): string {
  return arn.split(/[:/]/).filter(Boolean).pop() ?? arn;
}

/** The label of a node's type: `channel`, `package channel`, … or, untyped, `resource`. */
export function typeLabel(type: string | undefined): string {
  if (!type) return 'resource';
  return TYPE_LABELS[type as ResourceType] ?? type.replace(':', ' ').replace(/-/g, ' ');
}

/** `ACTIVE`, `RUNNING · HEALTHY`, `HEALTHY`, `not monitored`, or `monitored` for a stored resource with no state or health (MediaPackage has no state), and the style of the worst part. */
export function nodeState(node: ChainNode): Span {
  if (!node.monitored) return span('not monitored', 'dim');
  const parts = [node.status, node.health].filter((p): p is string => Boolean(p));
  if (parts.length === 0) return span('monitored', 'dim');
  const styles = [
    node.status ? (STATUS_STYLE[node.status] ?? 'yellow') : undefined,
    node.health ? (HEALTH_STYLE[node.health] ?? 'yellow') : undefined,
  ].filter((s): s is Style => s !== undefined);
  const worst = styles.includes('red') ? 'red' : styles.includes('yellow') ? 'yellow' : (styles[0] ?? 'plain');
  return span(parts.join(' · '), worst);
}

function nodeLine(
  prefix: string,
  node: ChainNode,
  edge: ChainEdge | undefined,
  isRoot: boolean,
  seen: boolean,
): Span[] {
  const name = node.name ?? shortArn(node.arn);
  const label = `${typeLabel(node.type)} `;
  const bullet = isRoot ? '◆ ' : '';
  const tree = `${prefix}${bullet}${label}${name}`;
  const spans: Span[] = [
    span(prefix, 'dim'),
    ...(bullet ? [span(bullet, 'cyan')] : []),
    span(label, 'dim'),
    span(
      pad(name, Math.max(1, TREE_COLUMNS - prefix.length - bullet.length - label.length)),
      isRoot ? 'bold' : 'plain',
    ),
  ];
  if (tree.length >= TREE_COLUMNS) spans.push(span(' '));
  if (seen) return [...spans, span('(shown above)', 'dim')];
  const state = nodeState(node);
  spans.push(span(pad(state.text, 20), state.style));
  if (node.alarms.length)
    spans.push(
      span(`! ${node.alarms.length} alarm${node.alarms.length > 1 ? 's' : ''}`, 'red'),
      span(`  ${node.alarms.map((a) => a.name).join(', ')}`, 'dim'),
    );
  if (node.remote || edge?.remote) {
    const where = [node.remote?.account, node.remote?.region].filter(Boolean).join(' ');
    spans.push(span(`  ↗ remote${where ? ` ${where}` : ''}`, 'magenta'));
  }
  if (edge?.ambiguous) spans.push(span('  ? ambiguous link', 'yellow'));
  if (edge && !isRoot) spans.push(span(`  via ${edge.types.join(', ')}`, 'dim'));
  return spans;
}

/**
 * The graph as tree lines. Starts are the nodes no edge leads to (most upstream first, the root before its peers);
 * children follow the edges downstream, nearest first, then by type and name.
 */
export function chainTreeLines(graph: ChainGraph): Span[][] {
  const byArn = new Map(graph.nodes.map((n) => [n.arn, n]));
  const node = (arn: string): ChainNode =>
    byArn.get(arn) ?? { arn, alarms: [], monitored: false, depth: Number.POSITIVE_INFINITY };
  const outgoing = new Map<string, ChainEdge[]>();
  const incoming = new Set<string>();
  for (const edge of graph.edges) {
    outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
    incoming.add(edge.to);
  }
  const order = (a: ChainNode, b: ChainNode) =>
    a.depth - b.depth ||
    Number(b.arn === graph.root) - Number(a.arn === graph.root) ||
    typeLabel(a.type).localeCompare(typeLabel(b.type)) ||
    (a.name ?? a.arn).localeCompare(b.name ?? b.arn);
  const everyArn = [...new Set([...byArn.keys(), ...graph.edges.flatMap((e) => [e.from, e.to])])];
  const starts = everyArn
    .filter((arn) => !incoming.has(arn))
    .map(node)
    .sort(order);

  const lines: Span[][] = [];
  const shown = new Set<string>();
  const walk = (arn: string, edge: ChainEdge | undefined, prefix: string, childPrefix: string) => {
    const seen = shown.has(arn);
    lines.push(nodeLine(prefix, node(arn), edge, arn === graph.root, seen));
    if (seen) return;
    shown.add(arn);
    const children = [...(outgoing.get(arn) ?? [])].sort((a, b) => order(node(a.to), node(b.to)));
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      walk(child.to, child, `${childPrefix}${last ? '└─ ' : '├─ '}`, `${childPrefix}${last ? '   ' : '│  '}`);
    });
  };
  for (const start of starts) walk(start.arn, undefined, '', '');
  // A cycle has no start: whatever the walk did not reach is drawn from the root, then from its most upstream node.
  for (const rest of everyArn
    .filter((arn) => !shown.has(arn))
    .map(node)
    .sort(order))
    if (!shown.has(rest.arn)) walk(rest.arn, undefined, '', '');
  return lines;
}

/** The "Signal chain" section: a heading and the tree, or one line saying why there is none yet. */
export function chainSectionLines(section: ChainSection): Span[][] {
  const heading: Span[] = [span('Signal chain', 'bold'), span(` · ${section.rootName}`, 'dim')];
  const { state } = section;
  if (state.kind === 'waiting') return [heading, [span('  chain: waiting for links', 'yellow')]];
  if (state.kind === 'unavailable') return [heading, [span(`  chain: unavailable (${state.message})`, 'yellow')]];
  if (state.graph.edges.length === 0) return [heading, [span('  chain: waiting for links', 'yellow')]];
  const links = state.graph.edges.length;
  heading.push(
    span(
      ` · ${state.graph.nodes.length} resources, ${links} link${links === 1 ? '' : 's'}, ${state.graph.reads} reads`,
      'dim',
    ),
  );
  const tree = chainTreeLines(state.graph).map((line) => [span('  '), ...line]);
  return [
    heading,
    ...tree,
    ...(state.graph.truncated ? [[span('  … the chain goes on past the bound of the walk', 'dim')]] : []),
  ];
}

/**
 * What an alarm affects, nearest first: `affects: News-HD, news-hd-origin, news-hd-hls, news-hd-dash`. Undefined when
 * it affects nothing downstream.
 */
export function impactText(impacts: readonly Impact[] | undefined): string | undefined {
  if (!impacts?.length) return undefined;
  const names = [...impacts]
    .sort((a, b) => a.depth - b.depth || (a.name ?? a.arn).localeCompare(b.name ?? b.arn))
    .map((i) => i.name ?? shortArn(i.arn));
  return `affects: ${[...new Set(names)].join(', ')}`;
}
