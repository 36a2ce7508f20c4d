import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../app-context';
import { MISSING } from '../../model/format';
import { LoadCancelledError, SeriesLoader } from '../../model/series-loader';
import type { Column, ResourceRow } from '../view-module';

/**
 * Cells that need more than a list row carries. The list routes read GSI1, which projects only a resource's name,
 * status, health, tags and times (lambdas/store/keys.ts `GSI1_PROJECTION`, at DynamoDB's 20-attribute limit), so a
 * channel's class or an endpoint's URL is in its detail route only. These cells read the detail of the rows on screen
 * (the virtualized table mounts no other), each at most once a minute, six at a time, shared by every cell of the row:
 * a list of 1,000 channels scrolled once reads the ~30 rows shown, one DynamoDB Query each.
 */
const loader = new SeriesLoader<Record<string, unknown>>({ ttlMs: 60_000, concurrency: 6 });

type RowDetail = { kind: 'loading' } | { kind: 'loaded'; detail: Record<string, unknown> } | { kind: 'failed' };

function useRowDetail(route: string): RowDetail {
  const { api } = useApp();
  const [state, setState] = useState<RowDetail>(() => {
    const cached = loader.peek(route);
    return cached === undefined ? { kind: 'loading' } : { kind: 'loaded', detail: cached };
  });
  useEffect(() => {
    const wanted = { aborted: false };
    loader
      .load(route, () => api.get<Record<string, unknown>>(route), wanted)
      .then(
        (detail) => !wanted.aborted && setState({ kind: 'loaded', detail }),
        (error: unknown) => !wanted.aborted && !(error instanceof LoadCancelledError) && setState({ kind: 'failed' }),
      );
    return () => {
      wanted.aborted = true;
    };
  }, [api, route]);
  return state;
}

function DetailCell({ route, show }: { route: string; show: (detail: Record<string, unknown>) => ComponentChildren }) {
  const state = useRowDetail(route);
  if (state.kind === 'loading') return <span aria-label="loading">…</span>;
  if (state.kind === 'failed') return <span>{MISSING}</span>;
  return <>{show(state.detail) ?? MISSING}</>;
}

/**
 * A column whose cell shows a field of the row's detail (`detailRoute(arn)`), read for rows on screen only. It is not
 * sortable and the text filter does not see it (the rows off screen have not read it).
 */
export function detailColumn(
  id: string,
  header: string,
  detailRoute: (arn: string) => string,
  show: (detail: Record<string, unknown>) => ComponentChildren,
): Column {
  return {
    id,
    header,
    sortable: false,
    value: () => undefined,
    render: (row: ResourceRow) => <DetailCell route={detailRoute(row.arn)} show={show} />,
  };
}
