import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { ariaSort, visibleWindow, type SortSpec } from '../model/list-model';
import type { Column, ResourceRow } from '../views/view-module';
import './resource-table.css';

/** Every body row is this tall (resource-table.css fixes it): the virtualized window is computed from it. */
export const ROW_HEIGHT = 36;
/** Rows rendered above and below the visible ones, so a fast scroll or Tab shows no blank rows. */
const OVERSCAN = 8;

export interface ResourceTableProps<Row extends ResourceRow> {
  /** The table's accessible name: the list's title (`Flows`). */
  label: string;
  columns: readonly Column<Row>[];
  /** Already filtered and sorted. */
  rows: readonly Row[];
  sort?: SortSpec;
  onSort(columnId: string): void;
  /** The resource page of a row: the link column's cell links there, and a click on the row opens it. */
  rowHref(row: Row): string;
  /** Opens a dashboard URL (the router's `navigate`). */
  onOpen(href: string): void;
  /** The column whose cell is the row's link. @default 'name' */
  linkColumn?: string;
  /** Shown instead of rows when there are none. */
  empty: ComponentChildren;
}

/**
 * A resource list as a real `<table>`: a sticky header whose sortable columns are buttons (`aria-sort` on the `<th>`),
 * and a virtualized body: rows have a fixed height, only the rows in view plus an overscan are in the DOM, and two
 * spacer rows stand for the rest (`aria-rowcount`/`aria-rowindex` tell assistive technology the real size). Each row
 * has `data-arn`; its link cell is an `<a href>`, so rows are reached with Tab and opened with Enter; ArrowDown and
 * ArrowUp on a row's link move to the next or previous row, scrolling rows into the DOM as needed.
 */
export function ResourceTable<Row extends ResourceRow>(props: ResourceTableProps<Row>) {
  const { label, columns, rows, sort, onSort, rowHref, onOpen, linkColumn = 'name', empty } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ scrollTop: 0, viewportHeight: 720 });
  const pendingFocus = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      setView({ scrollTop: Math.max(0, element.scrollTop), viewportHeight: Math.max(0, element.clientHeight - head) });
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener('scroll', onScroll, { passive: true });
    const resize = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(onScroll);
    resize?.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      resize?.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const window = visibleWindow({
    scrollTop: view.scrollTop,
    viewportHeight: view.viewportHeight,
    rowHeight: ROW_HEIGHT,
    rowCount: rows.length,
    overscan: OVERSCAN,
  });

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const link = scroller.current?.querySelector<HTMLAnchorElement>(`tr[aria-rowindex="${index + 2}"] a`);
    if (link) {
      pendingFocus.current = null;
      link.focus();
    }
  });

  const moveFocus = (index: number) => {
    const element = scroller.current;
    if (!element || index < 0 || index >= rows.length) return;
    const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
    const top = index * ROW_HEIGHT;
    const bottom = top + ROW_HEIGHT;
    const visibleHeight = element.clientHeight - head;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (bottom > element.scrollTop + visibleHeight) element.scrollTop = bottom - visibleHeight;
    pendingFocus.current = index;
    setView({ scrollTop: element.scrollTop, viewportHeight: Math.max(0, visibleHeight) });
  };

  const visible = rows.slice(window.first, window.end);
  return (
    <div class="resource-table-scroll" ref={scroller}>
      <table class="resource-table" aria-label={label} aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) => (
              <th
                key={column.id}
                scope="col"
                class={column.numeric ? 'numeric' : undefined}
                aria-sort={column.sortable === false ? undefined : ariaSort(sort, column.id)}
              >
                {column.sortable === false ? (
                  column.header
                ) : (
                  <button type="button" class="sort-button" onClick={() => onSort(column.id)}>
                    {column.header}
                    <span class="sort-mark" aria-hidden="true">
                      {sort?.columnId === column.id ? (sort.descending ? '▼' : '▲') : '↕'}
                    </span>
                  </button>
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {window.padTop > 0 && <Spacer height={window.padTop} span={columns.length} />}
          {visible.map((row, offset) => {
            const index = window.first + offset;
            const href = rowHref(row);
            return (
              <tr
                key={row.arn}
                data-arn={row.arn}
                aria-rowindex={index + 2}
                onClick={(event) => {
                  if (event.defaultPrevented || isInteractive(event.target)) return;
                  onOpen(href);
                }}
              >
                {columns.map((column) => {
                  const content = column.render ? column.render(row) : textOf(column.value(row));
                  return (
                    <td key={column.id} class={column.numeric ? 'numeric' : undefined}>
                      {column.id === linkColumn ? (
                        <a
                          href={href}
                          onKeyDown={(event) => {
                            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                              event.preventDefault();
                              moveFocus(index + (event.key === 'ArrowDown' ? 1 : -1));
                            }
                          }}
                        >
                          {content}
                        </a>
                      ) : (
                        content
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {window.padBottom > 0 && <Spacer height={window.padBottom} span={columns.length} />}
        </tbody>
      </table>
      {rows.length === 0 && <div class="resource-table-empty">{empty}</div>}
    </div>
  );
}

/** Stands for the rows outside the window; its height is set through the CSSOM (CSP allows that, not `style=""`). */
function Spacer({ height, span }: { height: number; span: number }) {
  return (
    <tr class="resource-table-spacer" aria-hidden="true">
      <td colSpan={span} style={{ height: `${height}px` }} />
    </tr>
  );
}

function textOf(value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  return String(value);
}

function isInteractive(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('a, button, input, select, textarea, summary') !== null;
}
