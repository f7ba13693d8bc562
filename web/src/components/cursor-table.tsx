import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Input, MessagePlugin, type SortInfo, Table } from 'tdesign-react';
import { type CallResult, type ClientError, deskMessage } from '../api';
import { type ExportColumn, downloadCsv } from './export-list';
import { EmptyState, ErrorState } from './states';

/** A page of a list as every listing action answers it. */
export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TableColumn<T> extends ExportColumn<T> {
  /** Unique within the table. */
  key: string;
  /** What the cell shows; the exported `value` when left out. */
  render?: (row: T) => ReactNode;
  /** The column's narrowest width in px (the table lays its columns out by content otherwise). */
  minWidth?: number;
  /** Sorts the loaded rows by `value` (the server's cursors come in their own order). */
  sortable?: boolean;
}

export interface CursorTableProps<T> {
  /** One page from the server; `cursor` is null for the first. A new function starts again from the top. */
  load: (cursor: string | null) => Promise<CallResult<CursorPage<T>>>;
  columns: readonly TableColumn<T>[];
  rowKey: (row: T) => string;
  /** The list's name: the export's file name and the table's label. */
  title: string;
  empty: { title: string; hint?: string; action?: ReactNode };
  onRowClick?: (row: T) => void;
  /** Above the table, beside the filter and the export: the page's own filters and buttons. */
  toolbar?: ReactNode;
}

/** The export pages through the rest of the list first, up to this many rows. */
export const EXPORT_MAX_ROWS = 20_000;

type TableState<T> =
  | { phase: 'loading' }
  | { phase: 'error'; error: ClientError }
  | { phase: 'ready'; rows: T[]; nextCursor: string | null; more: 'idle' | 'loading' | ClientError };

/**
 * The desk's wide table over the server's cursors: the first page on open, 加载更多 for the next
 * (`nextCursor`), sorting and a quick filter over what is loaded, and 导出 of the whole list to
 * CSV (it loads the remaining pages first).
 */
export function CursorTable<T>({ load, columns, rowKey, title, empty, onRowClick, toolbar }: CursorTableProps<T>) {
  const [state, setState] = useState<TableState<T>>({ phase: 'loading' });
  const [sort, setSort] = useState<SortInfo>();
  const [filter, setFilter] = useState('');
  const [exporting, setExporting] = useState<number | null>(null);
  const generation = useRef(0);

  const loadFirst = () => {
    const mine = (generation.current += 1);
    setState({ phase: 'loading' });
    void load(null).then((result) => {
      if (mine !== generation.current) return;
      setState(
        result.ok
          ? { phase: 'ready', rows: result.data.items, nextCursor: result.data.nextCursor, more: 'idle' }
          : { phase: 'error', error: result.error },
      );
    });
  };
  useEffect(loadFirst, [load]);

  const loadMore = () => {
    if (state.phase !== 'ready' || !state.nextCursor) return;
    const mine = generation.current;
    setState({ ...state, more: 'loading' });
    void load(state.nextCursor).then((result) => {
      if (mine !== generation.current) return;
      setState(
        result.ok
          ? { phase: 'ready', rows: [...state.rows, ...result.data.items], nextCursor: result.data.nextCursor, more: 'idle' }
          : { ...state, more: result.error },
      );
    });
  };

  const exportAll = async () => {
    if (state.phase !== 'ready') return;
    const rows = [...state.rows];
    let cursor = state.nextCursor;
    setExporting(rows.length);
    while (cursor && rows.length < EXPORT_MAX_ROWS) {
      const result = await load(cursor);
      if (!result.ok) {
        setExporting(null);
        void MessagePlugin.error(`导出没有完成：${deskMessage(result.error)}`);
        return;
      }
      rows.push(...result.data.items);
      cursor = result.data.nextCursor;
      setExporting(rows.length);
    }
    setExporting(null);
    downloadCsv(title, columns, rows.slice(0, EXPORT_MAX_ROWS));
    void MessagePlugin.success(
      cursor
        ? `已导出前 ${EXPORT_MAX_ROWS} 条（列表更长，请缩小范围后分批导出）`
        : `已导出 ${Math.min(rows.length, EXPORT_MAX_ROWS)} 条`,
    );
  };

  const shown = useMemo(() => {
    if (state.phase !== 'ready') return [];
    const needle = filter.trim();
    let rows = needle
      ? state.rows.filter((row) => columns.some((column) => String(column.value(row) ?? '').includes(needle)))
      : state.rows;
    const column = sort && columns.find((candidate) => candidate.key === sort.sortBy);
    if (sort && column) {
      const direction = sort.descending ? -1 : 1;
      rows = [...rows].sort((a, b) => direction * compareCells(column.value(a), column.value(b)));
    }
    return rows.map((row) => ({ key: rowKey(row), row }));
  }, [state, filter, sort, columns, rowKey]);

  if (state.phase === 'loading')
    return <TableShell toolbar={toolbar} body={<Table rowKey="key" data={[]} columns={[]} loading />} />;
  if (state.phase === 'error')
    return <TableShell toolbar={toolbar} body={<ErrorState error={state.error} onRetry={loadFirst} />} />;
  if (state.rows.length === 0) return <TableShell toolbar={toolbar} body={<EmptyState {...empty} />} />;

  return (
    <TableShell
      toolbar={
        <>
          {toolbar}
          <Input
            style={{ width: 280 }}
            size="large"
            clearable
            value={filter}
            onChange={(value) => setFilter(String(value))}
            placeholder="在已加载的行中查找"
          />
          <Button size="large" variant="outline" loading={exporting !== null} onClick={() => void exportAll()}>
            {exporting !== null ? `正在导出（已取 ${exporting} 条）` : '导出 CSV'}
          </Button>
        </>
      }
      body={
        <>
          <Table
            rowKey="key"
            data={shown}
            hover
            stripe
            size="large"
            tableLayout="auto"
            sort={sort}
            onSortChange={(next) => setSort(Array.isArray(next) ? next[0] : next)}
            onRowClick={onRowClick ? ({ row }) => onRowClick((row as { row: T }).row) : undefined}
            columns={columns.map((column) => ({
              colKey: column.key,
              title: column.title,
              minWidth: column.minWidth,
              sorter: column.sortable ?? false,
              cell: ({ row }: { row: { row: T } }) => (column.render ? column.render(row.row) : (column.value(row.row) ?? '')),
            }))}
            empty={filter ? `已加载的 ${state.rows.length} 行中没有“${filter}”` : undefined}
          />
          <div className="desk-table__footer">
            <span>
              已加载 {state.rows.length} 条{state.nextCursor ? '，还有更多' : '，已全部加载'}
              {filter && `；符合查找的 ${shown.length} 条`}
            </span>
            {state.nextCursor && (
              <Button size="large" variant="outline" loading={state.more === 'loading'} onClick={loadMore}>
                加载更多
              </Button>
            )}
            {typeof state.more === 'object' && <span className="desk-error-text">{deskMessage(state.more)}</span>}
          </div>
        </>
      }
    />
  );
}

function TableShell({ toolbar, body }: { toolbar?: ReactNode; body: ReactNode }) {
  return (
    <div className="desk-table">
      {toolbar && <div className="desk-toolbar">{toolbar}</div>}
      {body}
    </div>
  );
}

function compareCells(a: string | number | null | undefined, b: string | number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'zh-Hans-CN');
}
