import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ChainGraph, ChainNode } from '../../../../../lambdas/chain/link-model';
import { useLiveQuery } from '../../app-context';
import { ErrorPanel } from '../../components/error-panel';
import { StatusBadge } from '../../components/status-badge';
import {
  chainNodeLabel,
  chainNodeStatus,
  chainOutline,
  layoutChain,
  NO_ALARM,
  type ChainLayout,
  type OutlineItem,
  type PlacedEdge,
} from '../../model/chain-layout';
import { detailHref } from '../../model/routes';
import { VIEW_MODULES } from '../registry';
import './chain.css';

/** The resource pages by stored type (`medialive:channel` → `/channels`), from the registry. */
function pageOf(node: ChainNode): string | undefined {
  if (!node.monitored || !node.type) return undefined;
  const module = VIEW_MODULES.find((m) => m.resourceType === node.type);
  return module ? detailHref(module.path, node.arn) : undefined;
}

/** The badge tone of the words the chain adds to the API's statuses. */
function toneOf(status: string): { tone?: 'ok' | 'unknown' } {
  if (status === NO_ALARM) return { tone: 'ok' };
  if (status === 'NOT MONITORED') return { tone: 'unknown' };
  return {};
}

/** `medialive:channel` → `MediaLive channel`. */
function kindOf(node: ChainNode): string {
  const module = node.type ? VIEW_MODULES.find((m) => m.resourceType === node.type) : undefined;
  if (module) return module.title.replace(/s( \(v2\))?$/, '$1');
  return node.type ?? node.arn.split(':')[2] ?? 'resource';
}

/**
 * The signal chain around a resource (`/chains/<arn>`, `GET /chains/{arn}`): what feeds it, left, and what it feeds,
 * right, in columns by hop (model/chain-layout.ts), each node a card with its health as a word and colour (an active
 * alarm, else its health, else its state), a link to its page and its active alarms; each edge a line labelled with
 * its link types. The same chain reads as nested lists ("feeds → …") below. Re-read when the change feed reports a
 * change of any node.
 */
export function ChainPage({ arn }: { arn: string }) {
  const nodesRef = useRef<ReadonlySet<string>>(new Set([arn]));
  const chain = useLiveQuery<ChainGraph>(`/chains/${encodeURIComponent(arn)}`, undefined, {
    refreshOn: (change) => change.arn !== undefined && nodesRef.current.has(change.arn),
  });
  const layout = useMemo(() => (chain.data ? layoutChain(chain.data) : undefined), [chain.data]);
  if (chain.data) nodesRef.current = new Set([arn, ...chain.data.nodes.map((node) => node.arn)]);

  const root = chain.data?.nodes.find((node) => node.arn === arn);
  const rootLabel = chainNodeLabel(root ?? { arn });
  const rootPage = root ? pageOf(root) : undefined;

  return (
    <article class="chain-page" data-arn={arn}>
      <h1 tabIndex={-1}>Signal chain: {rootLabel}</h1>
      {rootPage && (
        <p>
          <a href={rootPage}>
            Back to the {kindOf(root as ChainNode).toLowerCase()} {rootLabel}
          </a>
        </p>
      )}
      {chain.error && (
        <ErrorPanel
          error={chain.error}
          title={
            chain.error.status === 404
              ? 'Nothing is stored about this resource or its links'
              : chain.data
                ? 'Could not refresh the chain (showing the last answer)'
                : 'Could not load the chain'
          }
          onRetry={chain.reload}
        />
      )}
      {!chain.data && !chain.error && <p class="loading">Loading the chain…</p>}
      {chain.data && layout && (
        <>
          <p class="chain-summary">
            {chain.data.nodes.length} resources, {chain.data.edges.length} links
            {chain.data.truncated ? '; the chain goes on beyond the depth or node bound' : ''}. Read with{' '}
            {chain.data.reads} DynamoDB {chain.data.reads === 1 ? 'query' : 'queries'}.
          </p>
          <ChainGraphView layout={layout} root={arn} />
          <section aria-label="Chain as a list" class="resource-section">
            <h2>Chain as a list</h2>
            <OutlineList items={chainOutline(layout)} root={arn} />
          </section>
        </>
      )}
    </article>
  );
}

function columnTitle(offset: number): string {
  if (offset === 0) return 'This resource';
  const hops = Math.abs(offset);
  return `${hops} ${hops === 1 ? 'hop' : 'hops'} ${offset < 0 ? 'upstream' : 'downstream'}`;
}

interface DrawnEdge {
  key: string;
  d: string;
  labelX: number;
  labelY: number;
  label: string;
  backward: boolean;
  ambiguous: boolean;
}

function edgeLabel(edge: PlacedEdge): string {
  return [
    edge.edge.types.join(', ') || 'link',
    ...(edge.edge.ambiguous ? ['ambiguous'] : []),
    ...(edge.edge.remote ? ['remote'] : []),
  ].join(' · ');
}

/** Columns of node cards; the edges are an SVG drawn over them once the cards are laid out (and on every resize). */
function ChainGraphView({ layout, root }: { layout: ChainLayout; root: string }) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [drawing, setDrawing] = useState<{ width: number; height: number; edges: DrawnEdge[] }>({
    width: 0,
    height: 0,
    edges: [],
  });

  useLayoutEffect(() => {
    const container = containerRef.current;
    if (!container) return undefined;
    const draw = () => {
      const box = container.getBoundingClientRect();
      const cardOf = new Map<string, DOMRect>();
      for (const card of Array.from(container.querySelectorAll<HTMLElement>('[data-node-arn]')))
        cardOf.set(card.dataset.nodeArn as string, card.getBoundingClientRect());
      const edges: DrawnEdge[] = [];
      for (const edge of layout.edges) {
        const from = cardOf.get(edge.from.node.arn);
        const to = cardOf.get(edge.to.node.arn);
        if (!from || !to) continue;
        const x1 = from.right - box.left;
        const y1 = from.top + from.height / 2 - box.top;
        let d: string;
        let x2: number;
        let y2: number;
        if (edge.backward) {
          // Back to a column at or left of its start: around below both cards.
          x2 = to.left - box.left + to.width / 2;
          y2 = to.bottom - box.top;
          const below = Math.max(from.bottom, to.bottom) - box.top + 24;
          d = `M ${x1} ${y1} C ${x1 + 40} ${y1}, ${x1 + 40} ${below}, ${(x1 + x2) / 2} ${below} S ${x2} ${below}, ${x2} ${y2}`;
        } else {
          x2 = to.left - box.left;
          y2 = to.top + to.height / 2 - box.top;
          const mid = (x1 + x2) / 2;
          d = `M ${x1} ${y1} C ${mid} ${y1}, ${mid} ${y2}, ${x2} ${y2}`;
        }
        edges.push({
          key: `${edge.from.node.arn}>${edge.to.node.arn}`,
          d,
          labelX: (x1 + x2) / 2,
          labelY: (y1 + y2) / 2 - 4,
          label: edgeLabel(edge),
          backward: edge.backward,
          ambiguous: edge.edge.ambiguous === true,
        });
      }
      setDrawing({ width: container.scrollWidth, height: container.scrollHeight, edges });
    };
    draw();
    const observer = new ResizeObserver(draw);
    observer.observe(container);
    return () => observer.disconnect();
  }, [layout]);

  return (
    <section aria-label="Chain graph" class="resource-section">
      <h2>Graph</h2>
      <div class="chain-graph" ref={containerRef}>
        <svg
          class="chain-edges"
          aria-hidden="true"
          width={drawing.width}
          height={drawing.height}
          viewBox={`0 0 ${drawing.width} ${drawing.height}`}
        >
          <defs>
            <marker
              id="chain-arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M 0 0 L 10 5 L 0 10 z" class="chain-arrow" />
            </marker>
          </defs>
          {drawing.edges.map((edge) => (
            <g
              key={edge.key}
              class={`chain-edge${edge.backward ? ' chain-edge-back' : ''}${edge.ambiguous ? ' chain-edge-ambiguous' : ''}`}
            >
              <path d={edge.d} marker-end="url(#chain-arrow)" />
              <text x={edge.labelX} y={edge.labelY} text-anchor="middle">
                {edge.label}
              </text>
            </g>
          ))}
        </svg>
        {layout.columns.map((column, index) => (
          <section
            key={index}
            class={`chain-column${index === layout.rootColumn ? ' chain-column-root' : ''}`}
            aria-label={columnTitle(index - layout.rootColumn)}
          >
            <h3 class="chain-column-title">{columnTitle(index - layout.rootColumn)}</h3>
            <ul>
              {column.map((placed) => (
                <li key={placed.node.arn}>
                  <NodeCard node={placed.node} isRoot={placed.node.arn === root} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </section>
  );
}

/** One resource: kind, name (a link to its page when the dashboard has one), status word and colour, alarms. */
function NodeCard({ node, isRoot }: { node: ChainNode; isRoot: boolean }) {
  const page = pageOf(node);
  const label = chainNodeLabel(node);
  const status = chainNodeStatus(node);
  return (
    <div
      class={`chain-node${isRoot ? ' chain-node-root' : ''}`}
      data-node-arn={node.arn}
      data-status={status}
      {...(isRoot ? { 'aria-current': 'page' } : {})}
    >
      <p class="chain-node-kind">{kindOf(node)}</p>
      <p class="chain-node-name">{page && !isRoot ? <a href={page}>{label}</a> : <strong>{label}</strong>}</p>
      <p class="chain-node-status">
        <StatusBadge status={status} {...toneOf(status)} />
        {node.status && status !== node.status && <StatusBadge status={node.status} />}
        {node.remote && (
          <span class="chain-node-remote">
            {' '}
            in {[node.remote.account, node.remote.region].filter(Boolean).join(' / ')}
          </span>
        )}
      </p>
      {node.alarms.length > 0 && (
        <ul class="chain-node-alarms" aria-label={`${label} active alarms`}>
          {node.alarms.map((alarm) => (
            <li key={alarm.name}>
              {alarm.name} ({alarm.state})
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The chain in reading order: each resource, then what it feeds, nested. */
function OutlineList({ items, root }: { items: readonly OutlineItem[]; root: string }) {
  return (
    <ul class="chain-outline">
      {items.map((item) => {
        const page = pageOf(item.node);
        const label = chainNodeLabel(item.node);
        return (
          <li key={`${item.node.arn}${item.seenAbove ? '#again' : ''}`}>
            {item.linkTypes.length > 0 && (
              <span class="chain-outline-link">feeds → ({item.linkTypes.join(', ')}) </span>
            )}
            {page && item.node.arn !== root ? <a href={page}>{label}</a> : <strong>{label}</strong>}{' '}
            <span class="chain-outline-kind">{kindOf(item.node)}</span>{' '}
            <StatusBadge status={chainNodeStatus(item.node)} {...toneOf(chainNodeStatus(item.node))} />
            {item.seenAbove && <span class="chain-outline-again"> (listed above)</span>}
            {item.children.length > 0 && <OutlineList items={item.children} root={root} />}
          </li>
        );
      })}
    </ul>
  );
}
