import type { ChainEdge, ChainGraph, ChainNode } from '../../../../lambdas/chain/link-model';

/**
 * The chain page's layout, pure (no DOM): the nodes of `GET /chains/{arn}` placed in columns, upstream left of the
 * root and downstream right of it, and the same graph as an outline for reading order ("feeds → …").
 *
 * Columns: a node starts in the column of its hop count from the root (the API's `depth`: negative upstream, positive
 * downstream); then an edge that would point backwards or stay in its column pushes its far end outwards (longest
 * path), so a diamond (a flow feeding a channel both directly and through an input) lays out left to right. Edges
 * that close a cycle are found first and ignored by that step, so a cycle cannot push forever; they are drawn, and
 * marked `backward`. Rows: the root alone in its column; each other column ordered by the mean row of its neighbours
 * nearer the root (fewer crossings), then by name and ARN, so the same graph always lays out the same.
 */

/** The chain as the page reads it: `ChainGraph`'s nodes and edges. */
export type ChainInput = Pick<ChainGraph, 'root' | 'nodes' | 'edges'>;

export interface PlacedNode {
  readonly node: ChainNode;
  /** 0 for the leftmost column. */
  readonly column: number;
  /** 0 for the top of the column. */
  readonly row: number;
}

export interface PlacedEdge {
  readonly edge: ChainEdge;
  readonly from: PlacedNode;
  readonly to: PlacedNode;
  /** True when the edge goes right to left or within a column (it closes a cycle). */
  readonly backward: boolean;
}

export interface ChainLayout {
  /** Left to right; every column holds at least one node. */
  readonly columns: readonly (readonly PlacedNode[])[];
  /** The root's column index. */
  readonly rootColumn: number;
  readonly edges: readonly PlacedEdge[];
}

/** Places the chain's nodes in columns and rows (see the module comment). Edges to unknown nodes are dropped. */
export function layoutChain(graph: ChainInput): ChainLayout {
  const byArn = new Map(graph.nodes.map((node) => [node.arn, node]));
  const edges = uniqueEdges(graph.edges).filter((e) => byArn.has(e.from) && byArn.has(e.to) && e.from !== e.to);
  const level = new Map<string, number>(graph.nodes.map((n) => [n.arn, n.arn === graph.root ? 0 : n.depth]));
  const acyclic = withoutCycleEdges(graph.nodes, edges, graph.root);

  // Longest-path relaxation on the acyclic edges, downstream side pushed right, upstream side pushed left. At most one
  // pass per node is needed on a DAG; the root never moves.
  for (let pass = 0; pass < graph.nodes.length; pass++) {
    let moved = false;
    for (const edge of acyclic) {
      const from = level.get(edge.from) as number;
      const to = level.get(edge.to) as number;
      if (to > from) continue;
      if (edge.to !== graph.root && to >= 0 && from >= 0) {
        level.set(edge.to, from + 1);
        moved = true;
      } else if (edge.from !== graph.root && from <= 0 && to <= 0) {
        level.set(edge.from, to - 1);
        moved = true;
      }
    }
    if (!moved) break;
  }

  const levels = [...new Set(level.values())].sort((a, b) => a - b);
  const rootLevel = level.get(graph.root) ?? 0;
  const rows = new Map<string, number>();
  const columnsByLevel = new Map<number, ChainNode[]>();
  for (const node of graph.nodes) {
    const l = level.get(node.arn) as number;
    columnsByLevel.set(l, [...(columnsByLevel.get(l) ?? []), node]);
  }
  // Order the columns outwards from the root, each by its already placed neighbours nearer the root.
  const outwards = [...levels].sort((a, b) => Math.abs(a - rootLevel) - Math.abs(b - rootLevel) || b - a);
  for (const l of outwards) {
    const nodes = columnsByLevel.get(l) as ChainNode[];
    const key = (node: ChainNode): number => {
      const placed = edges
        .filter((e) => e.from === node.arn || e.to === node.arn)
        .map((e) => (e.from === node.arn ? e.to : e.from))
        .map((arn) => rows.get(arn))
        .filter((row): row is number => row !== undefined);
      return placed.length ? placed.reduce((sum, row) => sum + row, 0) / placed.length : Number.POSITIVE_INFINITY;
    };
    const keyed = nodes.map((node) => ({ node, key: key(node) }));
    keyed.sort((a, b) => a.key - b.key || compareNodes(a.node, b.node));
    keyed.forEach(({ node }, row) => rows.set(node.arn, row));
  }

  const placed = new Map<string, PlacedNode>();
  const columns = levels.map((l, column) =>
    [...(columnsByLevel.get(l) as ChainNode[])]
      .sort((a, b) => (rows.get(a.arn) as number) - (rows.get(b.arn) as number))
      .map((node) => {
        const p: PlacedNode = { node, column, row: rows.get(node.arn) as number };
        placed.set(node.arn, p);
        return p;
      }),
  );
  return {
    columns,
    rootColumn: levels.indexOf(rootLevel),
    edges: edges.map((edge) => {
      const from = placed.get(edge.from) as PlacedNode;
      const to = placed.get(edge.to) as PlacedNode;
      return { edge, from, to, backward: to.column <= from.column };
    }),
  };
}

/** One entry of the reading-order outline: a resource, the link types from its parent, and what it feeds. */
export interface OutlineItem {
  readonly node: ChainNode;
  /** The link types of the edge from the parent item (empty at the top level). */
  readonly linkTypes: readonly string[];
  readonly children: readonly OutlineItem[];
  /** True when the node was already listed above (a diamond or a cycle): its children are not repeated. */
  readonly seenAbove: boolean;
}

/**
 * The chain as nested lists in reading order: the most upstream resources at the top level (those nothing in the
 * chain feeds; the leftmost column when every node is fed, as in a cycle), each with what it feeds beneath it. A node
 * reached a second time is listed again with `seenAbove` and without children, so every edge appears once.
 */
export function chainOutline(layout: ChainLayout): OutlineItem[] {
  const fed = new Set(layout.edges.map((e) => e.to.node.arn));
  const all = layout.columns.flat();
  const orderOf = (p: PlacedNode) => p.column * 1_000_000 + p.row;
  const sorted = [...all].sort((a, b) => orderOf(a) - orderOf(b));
  const downstream = new Map<string, PlacedEdge[]>();
  for (const edge of layout.edges) {
    const list = downstream.get(edge.from.node.arn) ?? [];
    list.push(edge);
    downstream.set(edge.from.node.arn, list);
  }
  for (const list of downstream.values()) list.sort((a, b) => orderOf(a.to) - orderOf(b.to));

  const seen = new Set<string>();
  const visit = (p: PlacedNode, linkTypes: readonly string[]): OutlineItem => {
    if (seen.has(p.node.arn)) return { node: p.node, linkTypes, children: [], seenAbove: true };
    seen.add(p.node.arn);
    const children = (downstream.get(p.node.arn) ?? []).map((e) => visit(e.to, e.edge.types));
    return { node: p.node, linkTypes, children, seenAbove: false };
  };
  const top: OutlineItem[] = [];
  for (const p of sorted) if (!fed.has(p.node.arn) && !seen.has(p.node.arn)) top.push(visit(p, []));
  // Whatever only a cycle reaches: start from its leftmost node.
  for (const p of sorted) if (!seen.has(p.node.arn)) top.push(visit(p, []));
  return top;
}

/** A node's label: its name, else the last part of its ARN (an unmonitored resource has no name). */
export function chainNodeLabel(node: Pick<ChainNode, 'arn' | 'name'>): string {
  if (node.name) return node.name;
  return node.arn.split(/[/:]/).filter(Boolean).pop() ?? node.arn;
}

/**
 * The word a node's badge shows: an active alarm first (`ALARM`), else its health, else its status; `NOT MONITORED`
 * for a node the store does not poll, `NO ALARM` when it has none of these (MediaPackage has no state: its alarms are
 * all there is to say).
 */
export function chainNodeStatus(node: Pick<ChainNode, 'alarms' | 'health' | 'status' | 'monitored'>): string {
  if (!node.monitored) return 'NOT MONITORED';
  if (node.alarms.length > 0) return 'ALARM';
  return node.health ?? node.status ?? NO_ALARM;
}

/** The badge word of a monitored node with no state, no health and no active alarm. */
export const NO_ALARM = 'NO ALARM';

/** Edges merged by (from, to): the API sends one per pair, but a merged input must not draw a line twice. */
function uniqueEdges(edges: readonly ChainEdge[]): ChainEdge[] {
  const merged = new Map<string, ChainEdge>();
  for (const edge of edges) {
    const key = `${edge.from}\u0000${edge.to}`;
    const previous = merged.get(key);
    merged.set(
      key,
      previous
        ? {
            ...previous,
            types: [...new Set([...previous.types, ...edge.types])],
            evidence: [...previous.evidence, ...edge.evidence],
          }
        : edge,
    );
  }
  return [...merged.values()];
}

/** The edges without those that close a cycle: a depth-first search from the root, then from every other node. */
function withoutCycleEdges(nodes: readonly ChainNode[], edges: readonly ChainEdge[], root: string): ChainEdge[] {
  const out = new Map<string, ChainEdge[]>();
  for (const edge of edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<ChainEdge>();
  const dfs = (arn: string): void => {
    state.set(arn, 'open');
    for (const edge of out.get(arn) ?? []) {
      const s = state.get(edge.to);
      if (s === 'open') back.add(edge);
      else if (s === undefined) dfs(edge.to);
    }
    state.set(arn, 'done');
  };
  // Start from the nodes nothing feeds, so a cycle is broken at the edge that returns upstream.
  const fed = new Set(edges.map((e) => e.to));
  const starts = [...nodes].sort((a, b) => a.depth - b.depth || compareNodes(a, b)).map((n) => n.arn);
  for (const arn of starts) if (!fed.has(arn) && !state.has(arn)) dfs(arn);
  if (!state.has(root)) dfs(root);
  for (const arn of starts) if (!state.has(arn)) dfs(arn);
  return edges.filter((edge) => !back.has(edge));
}

function compareNodes(a: ChainNode, b: ChainNode): number {
  return chainNodeLabel(a).localeCompare(chainNodeLabel(b)) || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);
}
