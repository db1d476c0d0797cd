import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type PaginationState } from '@tanstack/react-table';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { Tooltip } from '../ui/Tooltip';
import { EVENTS_PAGE, eventHeadline, eventsQuery, nextCursor, noFilters, sidesOf, type EventFilters, type EventsCursor, type EventView, type Names } from './history.model';

interface EventsTableProps {
  connectionId: string;
  filters: EventFilters;
  names: Names;
  selected: { side: 'a' | 'b'; recordId: string } | null;
  onSelect: (record: { side: 'a' | 'b'; recordId: string }) => void;
}

const column = createColumnHelper<EventView>();

/** Who a record is: its name and email, else its id in its app. */
function RecordCell({ e, names, onSelect }: { e: EventView; names: Names; onSelect: EventsTableProps['onSelect'] }) {
  const { source } = sidesOf(e.direction);
  const who = e.subject?.name ?? e.subject?.email ?? `${names[source]} record ${e.sourceId}`;
  return (
    <span className="event-record">
      <button type="button" className="link-button" onClick={() => onSelect({ side: source, recordId: e.sourceId })}>
        {who}
      </button>
      <span className="hint">
        {e.subject?.name && e.subject.email ? `${e.subject.email} · ` : ''}
        {names[source]} {e.sourceId}
      </span>
    </span>
  );
}

/**
 * The record events of a connection, newest first, a page at a time (Newer / Older), each naming the
 * person, what happened in which app, and why in a sentence (the code in a tooltip). The first page
 * without filters follows new events as they come.
 */
export function EventsTable({ connectionId, filters, names, selected, onSelect }: EventsTableProps) {
  const trpc = useTRPC();
  const [now] = useState(() => Date.now());
  // The cursors of the pages visited: page 0 starts at the newest event.
  const [cursors, setCursors] = useState<(EventsCursor | undefined)[]>([undefined]);
  const [pagination, setPagination] = useState<PaginationState>({ pageIndex: 0, pageSize: EVENTS_PAGE });
  const live = pagination.pageIndex === 0 && filters === noFilters;
  const events = useQuery({
    ...trpc.history.events.queryOptions(eventsQuery(connectionId, filters, now, cursors[pagination.pageIndex])),
    refetchInterval: live ? 4000 : false,
    placeholderData: (previous) => previous,
  });
  const rows = (events.data ?? []) as EventView[];

  const columns = useMemo(
    () => [
      column.accessor('at', { header: 'When', cell: (c) => new Date(c.getValue()).toLocaleTimeString() }),
      column.display({ id: 'record', header: 'Record', cell: (c) => <RecordCell e={c.row.original} names={names} onSelect={onSelect} /> }),
      column.display({ id: 'what', header: 'What happened', cell: (c) => eventHeadline(c.row.original, names) }),
      column.display({
        id: 'why',
        header: 'Why',
        cell: (c) => {
          const e = c.row.original;
          if (!e.reason) return e.message ?? '';
          return (
            <Tooltip content={e.reason}>
              <span tabIndex={0} className="reason">
                {e.reasonText ?? e.reason}
                {e.message && e.outcome !== 'skipped' ? `: ${e.message}` : ''}
              </span>
            </Tooltip>
          );
        },
      }),
    ],
    [names, onSelect],
  );
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    pageCount: -1,
    state: { pagination },
    onPaginationChange: setPagination,
  });

  if (events.isPending) return <LoadingState label="Loading events…" />;
  if (events.isError) return <ErrorState title="Could not load the events" error={events.error} onRetry={() => void events.refetch()} />;
  if (rows.length === 0 && pagination.pageIndex === 0) return <p className="hint">{filters === noFilters ? 'No record events yet.' : 'No events match these filters.'}</p>;
  const older = () => {
    setCursors((list) => [...list.slice(0, pagination.pageIndex + 1), nextCursor(rows, list[pagination.pageIndex])]);
    table.nextPage();
  };
  const first = pagination.pageIndex * EVENTS_PAGE + 1;
  return (
    <>
      <div className="events-scroll">
        <table className="table table-compact table-stack events-table">
          <caption className="visually-hidden">Record events, newest first</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((h) => (
                  <th key={h.id} scope="col">
                    {flexRender(h.column.columnDef.header, h.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => {
              const e = row.original;
              const side = sidesOf(e.direction).source;
              return (
                <tr key={`${e.runId}-${e.direction}-${e.sourceId}-${e.at}-${row.index}`} className="event-row" aria-selected={selected?.side === side && selected.recordId === e.sourceId}>
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} data-label={String(cell.column.columnDef.header)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <nav className="pager" aria-label="Event pages">
        <button type="button" className="btn btn-sm" disabled={!table.getCanPreviousPage()} onClick={() => table.previousPage()}>
          ← Newer
        </button>
        <span className="hint" aria-live="polite">
          Events {first}–{first + rows.length - 1}
        </span>
        <button type="button" className="btn btn-sm" disabled={rows.length < EVENTS_PAGE} onClick={older}>
          Older →
        </button>
      </nav>
    </>
  );
}
