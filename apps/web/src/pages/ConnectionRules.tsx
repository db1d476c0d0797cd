import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Graph } from '@sluice/graph';
import { useTRPC } from '../api/trpc';
import { RuleEditor } from '../editor';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { useAppNames } from './useAppNames';

type Direction = 'aToB' | 'bToA';

interface ConnectionRulesProps {
  id: string;
  apps: { a: { connector: string; config: Record<string, unknown>; credentialId?: string }; b: { connector: string; config: Record<string, unknown>; credentialId?: string } };
  mode: 'two-way' | 'a-to-b' | 'b-to-a';
  rules: { aToB?: Graph; bToA?: Graph };
}

/** A rule that syncs every record: what a direction without saved rules does. Pure. */
export function syncEverything(source: string, target: string): Graph {
  return {
    format: 'sluice.graph/v1',
    name: `${source} → ${target}`,
    source: { app: source },
    target: { app: target },
    nodes: [
      { id: 'in', kind: 'source' },
      { id: 'out', kind: 'sync' },
    ],
    edges: [{ from: 'in', to: 'out' }],
    layout: { in: { x: 0, y: 80 }, out: { x: 320, y: 80 } },
  };
}

/**
 * A connection's rules, one canvas per direction, with the source app's field catalog and a live
 * preview on a sample of its records (read by the server's preview procedure).
 */
export function ConnectionRules({ id, apps, mode, rules }: ConnectionRulesProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const appName = useAppNames();
  const directions: Direction[] = mode === 'two-way' ? ['aToB', 'bToA'] : mode === 'a-to-b' ? ['aToB'] : ['bToA'];
  const [direction, setDirection] = useState<Direction>(directions[0]!);
  const source = direction === 'aToB' ? apps.a : apps.b;
  const target = direction === 'aToB' ? apps.b : apps.a;
  const saved = useMemo(() => rules[direction] ?? syncEverything(source.connector, target.connector), [rules, direction, source, target]);

  const fields = useQuery(
    trpc.apps.fields.queryOptions({ id: source.connector, config: source.config, ...(source.credentialId ? { credentialId: source.credentialId } : {}) }),
  );
  const sample = useQuery(trpc.preview.run.queryOptions({ connectionId: id, direction, sampleSize: 200 }));
  const records = useMemo(() => sample.data?.items.flatMap((i) => (i.record ? [i.record] : [])), [sample.data]);
  const save = useMutation(
    trpc.graphs.save.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.connections.get.queryKey({ id }) }) }),
  );

  if (fields.isPending) return <LoadingState label="Loading the app's fields…" minHeight="50vh" />;
  if (fields.isError) return <ErrorState title="Could not load the app's fields" error={fields.error} onRetry={() => void fields.refetch()} />;

  const switcher =
    directions.length > 1 ? (
      <div className="segmented" role="group" aria-label="Direction">
        {directions.map((d) => (
          <button key={d} type="button" aria-pressed={d === direction} onClick={() => setDirection(d)}>
            {d === 'aToB' ? `${appName(apps.a.connector)} → ${appName(apps.b.connector)}` : `${appName(apps.b.connector)} → ${appName(apps.a.connector)}`}
          </button>
        ))}
      </div>
    ) : null;

  return (
    <>
      {save.isError && (
        <p className="error-text" role="alert">
          Not saved: {errorMessage(save.error)}
        </p>
      )}
      {sample.isError && (
        <p className="hint" role="status">
          No sample records for the preview: {errorMessage(sample.error)}
        </p>
      )}
      <RuleEditor
        key={`${direction}:${rules[direction]?.version ?? 0}`}
        initialGraph={saved}
        savedGraph={saved}
        catalog={fields.data}
        records={records}
        recordsLoading={sample.isPending}
        onSave={(graph) => save.mutate({ connectionId: id, direction, graph })}
        toolbarExtra={switcher}
      />
    </>
  );
}
