import { useState, type ReactNode } from 'react';
import { skipToken, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Graph } from '@sluice/graph';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { navigate } from '../app/useRoute';
import { draftStore } from '../drafts/draft.store';
import { useDraftParts } from '../drafts/useDraft';
import { useDraftScope } from '../drafts/useDraftScope';
import { useAppNames } from '../pages/useAppNames';
import { rememberDirection, type Direction } from '../pages/rules-direction';
import { errorMessage } from '../ui/ErrorState';
import { ApplyTemplateDialog } from './ApplyTemplateDialog';

/** A template a person chose: from the gallery, or a file's parsed content. */
export type TemplateChoice = { title: string; graph?: Graph } & ({ galleryId: string } | { template: unknown });

const sourceOf = (c: TemplateChoice) => ('galleryId' in c ? { galleryId: c.galleryId } : { template: c.template });

export interface TemplateApply {
  /** Asks before `choice` replaces the rules of the direction (opens the dialog). */
  ask(choice: TemplateChoice): void;
  /** The dialog, to render where the caller likes. */
  dialog: ReactNode;
  /** The last replacement made: which directions it wrote, and how many template tests passed. */
  applied: { imported: Direction[]; tests: Partial<Record<Direction, number>> } | undefined;
}

/**
 * Applying a template to one direction of a connection, asked first: the dialog says which saved
 * rules it replaces and what happens to a running sync, and offers to open it as a draft in the
 * editor instead (checked by the server like an import, saved by nobody until the person saves).
 */
export function useTemplateApply(connectionId: string | undefined, direction: Direction): TemplateApply {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const appName = useAppNames();
  const scope = useDraftScope();
  const drafts = useDraftParts(connectionId ?? '');
  const conn = useQuery(trpc.connections.get.queryOptions(connectionId ? { id: connectionId } : skipToken));
  const [choice, setChoice] = useState<TemplateChoice | null>(null);
  const [draftError, setDraftError] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);
  const importer = useMutation({
    mutationFn: (c: TemplateChoice) => client.templates.import.mutate({ connectionId: connectionId!, direction, ...sourceOf(c) }),
    onSuccess: (result) => {
      setChoice(null);
      // The dialog said so: unsaved edits of the replaced rules go with them.
      for (const d of result.imported) draftStore.remove({ scope, connectionId: connectionId!, part: `rules:${d}` });
      void queryClient.invalidateQueries({ queryKey: trpc.connections.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.preview.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.templates.gallery.pathKey() });
    },
  });

  const openAsDraft = async (c: TemplateChoice) => {
    if (!connectionId || !conn.data) return;
    setDrafting(true);
    setDraftError(null);
    try {
      const checked = await client.templates.check.query({ connectionId, direction, ...sourceOf(c) });
      for (const [d, graph] of Object.entries(checked.graphs) as [Direction, Graph][]) {
        const base = `v${conn.data.config.rules[d]?.version ?? 0}`;
        draftStore.set({ scope, connectionId, part: `rules:${d}` }, { value: graph, base, savedAt: Date.now() });
      }
      rememberDirection(connectionId, direction);
      setChoice(null);
      navigate({ name: 'connection', id: connectionId, tab: 'rules' });
    } catch (error) {
      setDraftError(errorMessage(error));
    } finally {
      setDrafting(false);
    }
  };

  const apps = conn.data?.apps;
  const target = apps ? (direction === 'aToB' ? `${appName(apps.a)} → ${appName(apps.b)}` : `${appName(apps.b)} → ${appName(apps.a)}`) : '';
  const isBundle = !!choice && 'template' in choice && (choice.template as { format?: unknown } | null)?.format === 'sluice.template/v1';
  const dialog =
    choice && conn.data ? (
      <ApplyTemplateDialog
        open
        onOpenChange={(open) => {
          if (open) return;
          setChoice(null);
          setDraftError(null);
          importer.reset();
        }}
        templateName={choice.title}
        incoming={choice.graph}
        target={target}
        current={conn.data.config.rules[direction]}
        running={conn.data.status === 'active'}
        hasDraft={drafts.includes(`rules:${direction}`)}
        // A bundle also carries field mappings, which a rules draft cannot hold: it is applied or not at all.
        canDraft={!isBundle}
        busy={importer.isPending || drafting}
        error={draftError ?? (importer.isError ? errorMessage(importer.error) : null)}
        onReplace={() => importer.mutate(choice)}
        onDraft={() => void openAsDraft(choice)}
      />
    ) : null;

  return {
    ask: (c) => {
      importer.reset();
      setDraftError(null);
      setChoice(c);
    },
    dialog,
    applied: importer.data,
  };
}
