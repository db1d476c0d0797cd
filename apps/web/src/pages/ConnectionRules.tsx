import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { graphSchema, type Graph } from '@sluice/graph';
import { useTRPC } from '../api/trpc';
import { RuleEditor } from '../editor';
import { autoLayout } from '../editor/model/auto-layout';
import { documentText } from '../editor/model/rule-text';
import { useDraft, useDraftParts } from '../drafts/useDraft';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { useAppNames } from './useAppNames';
import { rememberDirection, rememberedDirection, type Direction } from './rules-direction';

interface ConnectionRulesProps {
  id: string;
  apps: { a: { connector: string; config: Record<string, unknown>; credentialId?: string }; b: { connector: string; config: Record<string, unknown>; credentialId?: string } };
  mode: 'two-way' | 'a-to-b' | 'b-to-a';
  rules: { aToB?: Graph; bToA?: Graph };
}

/**
 * A rule that syncs every record: what a direction without saved rules does, named with the apps'
 * display names (the graph keeps their ids). Pure.
 * @example syncEverything('sandbox-crm', 'sandbox-outreach', (id) => names[id]).name // 'Sandbox CRM → Sandbox Outreach'
 */
export function syncEverything(source: string, target: string, appName: (id: string) => string): Graph {
  return {
    format: 'sluice.graph/v1',
    name: `${appName(source)} → ${appName(target)}`,
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

/** A saved rule as the editor shows it: laid out when it came without positions (an imported template). Pure. */
function drawable(g: Graph): Graph {
  return g.layout && g.nodes.every((n) => g.layout?.[n.id]) ? g : autoLayout(g);
}

const sameGraph = (a: Graph, b: Graph) => documentText(a) === documentText(b);
const parseGraph = (v: unknown): Graph | undefined => {
  const parsed = graphSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
};

/**
 * A connection's rules, one canvas per direction, with the source app's field catalog and a live
 * preview on a sample of its records (read by the server's preview procedure). Unsaved edits are
 * kept as a draft per direction (see drafts/), so switching direction or tab, or reloading, keeps them.
 */
export function ConnectionRules({ id, apps, mode, rules }: ConnectionRulesProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const appName = useAppNames();
  const directions: Direction[] = mode === 'two-way' ? ['aToB', 'bToA'] : mode === 'a-to-b' ? ['aToB'] : ['bToA'];
  const [chosen, setChosen] = useState<Direction>(() => rememberedDirection(id) ?? directions[0]!);
  const direction = directions.includes(chosen) ? chosen : directions[0]!;
  const chooseDirection = (d: Direction) => {
    rememberDirection(id, d);
    setChosen(d);
  };
  const source = direction === 'aToB' ? apps.a : apps.b;
  const target = direction === 'aToB' ? apps.b : apps.a;
  const savedVersion = rules[direction]?.version ?? 0;
  // The names are part of a new rule's document: the editor waits for them (else a draft would differ by its name).
  const appsCatalog = useQuery({ ...trpc.apps.list.queryOptions(), staleTime: 10 * 60_000 });
  const saved = useMemo(() => drawable(rules[direction] ?? syncEverything(source.connector, target.connector, appName)), [rules, direction, source, target, appName]);
  const draft = useDraft<Graph>({ connectionId: id, part: `rules:${direction}`, saved, base: `v${savedVersion}`, same: sameGraph, parse: parseGraph });
  // A draft opened from a template comes without positions, as an imported rule does.
  const initialGraph = useMemo(() => drawable(draft.value), [draft.value]);
  // Remounts the editor (fresh undo stack) when the direction, the saved version or the draft's fate changes from outside.
  const [generation, setGeneration] = useState(0);

  const fields = useQuery(
    trpc.apps.fields.queryOptions({ id: source.connector, config: source.config, ...(source.credentialId ? { credentialId: source.credentialId } : {}) }),
  );
  const sample = useQuery(trpc.preview.run.queryOptions({ connectionId: id, direction, sampleSize: 200 }));
  const records = useMemo(() => sample.data?.items.flatMap((i) => (i.record ? [i.record] : [])), [sample.data]);
  const save = useMutation(
    trpc.graphs.save.mutationOptions({ onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.connections.get.queryKey({ id }) }) }),
  );

  if (fields.isPending || appsCatalog.isPending) return <LoadingState label="Loading the app's fields…" minHeight="50vh" />;
  if (fields.isError) return <ErrorState title="Could not load the app's fields" error={fields.error} onRetry={() => void fields.refetch()} />;

  const label = (d: Direction) => (d === 'aToB' ? `${appName(apps.a.connector)} → ${appName(apps.b.connector)}` : `${appName(apps.b.connector)} → ${appName(apps.a.connector)}`);
  const switcher =
    directions.length > 1 ? (
      <div className="segmented" role="group" aria-label="Direction">
        {directions.map((d) => (
          <button key={d} type="button" aria-pressed={d === direction} onClick={() => chooseDirection(d)}>
            {label(d)}
            <DraftDot connectionId={id} direction={d} />
          </button>
        ))}
      </div>
    ) : null;
  const sampleSize = sample.data?.sample.size ?? records?.length ?? 0;

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
      {draft.stale && (
        <div className="draft-notice" role="status" data-testid="draft-stale">
          <span>The saved rules {label(direction)} changed since you started editing them (someone saved, or a template was applied). Your edits are still here.</span>
          <button type="button" className="btn btn-sm" onClick={draft.rebase}>
            Keep my edits
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              draft.discard();
              setGeneration((n) => n + 1);
            }}
          >
            Discard them, show the saved rules
          </button>
        </div>
      )}
      <RuleEditor
        key={`${direction}:${savedVersion}:${generation}`}
        initialGraph={initialGraph}
        savedGraph={saved}
        catalog={fields.data}
        records={records}
        recordsLoading={sample.isPending}
        sampleLabel={`the first ${sampleSize} records of ${appName(source.connector)}`}
        onChange={draft.set}
        onSave={(graph) => save.mutate({ connectionId: id, direction, graph })}
        saving={save.isPending}
        toolbarExtra={switcher}
        appName={appName}
      />
    </>
  );
}

/** A dot on a direction that holds unsaved edits. */
function DraftDot({ connectionId, direction }: { connectionId: string; direction: Direction }) {
  const parts = useDraftParts(connectionId);
  if (!parts.includes(`rules:${direction}`)) return null;
  return (
    <span className="draft-dot" title="Unsaved changes">
      <span className="visually-hidden"> (unsaved changes)</span>
    </span>
  );
}
