import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Graph } from '@sluice/graph';
import { useTRPC, useTRPCClient } from '../api/trpc';
import { ErrorState, errorMessage } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { downloadJson, fileNameOf } from './download';
import { useAppNames } from '../pages/useAppNames';
import { TemplateGallery } from './TemplateGallery';
import { useTemplateApply } from './useTemplateApply';

type Direction = 'aToB' | 'bToA';

const testCount = (tests: Partial<Record<Direction, number>>) => Object.values(tests).reduce<number>((n, t) => n + (t ?? 0), 0);

interface ConnectionTemplatesProps {
  connectionId: string;
  names: { a: string; b: string };
  directions: readonly Direction[];
  /** Directions that have rules (others sync everything and have nothing to export). */
  withRules: readonly Direction[];
}

/** The Templates tab: export a direction's rules as a sluice.graph/v1 file, import one, or apply a gallery template. */
export function ConnectionTemplates({ connectionId, names, directions, withRules }: ConnectionTemplatesProps) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const [direction, setDirection] = useState<Direction>(directions[0] ?? 'aToB');
  const [exportError, setExportError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const gallery = useQuery({ ...trpc.templates.gallery.queryOptions({ connectionId, direction }), placeholderData: keepPreviousData });
  const label = (d: Direction) => (d === 'aToB' ? `${names.a} → ${names.b}` : `${names.b} → ${names.a}`);
  const apply = useTemplateApply(connectionId, direction);
  const appName = useAppNames();

  const exportRules = async () => {
    setExportError(null);
    try {
      const graph = await client.templates.export.query({ connectionId, direction });
      downloadJson(graph, fileNameOf(graph.name, '.sluice-graph.json'));
    } catch (error) {
      setExportError(errorMessage(error));
    }
  };

  const importFile = async (file: File) => {
    let template: unknown;
    try {
      template = JSON.parse(await file.text());
    } catch {
      setFileError(`${file.name} is not a JSON file.`);
      return;
    }
    setFileError(null);
    const t = template as { format?: unknown; name?: unknown } | null;
    apply.ask({
      title: typeof t?.name === 'string' && t.name ? t.name : file.name,
      template,
      ...(t?.format === 'sluice.graph/v1' ? { graph: template as Graph } : {}),
    });
  };

  return (
    <div className="settings-stack">
      {directions.length > 1 && (
        <div className="choice-row" role="radiogroup" aria-label="Direction">
          {directions.map((d) => (
            <label key={d} className="choice choice-inline">
              <input type="radio" name="template-direction" checked={direction === d} onChange={() => setDirection(d)} />
              <span>{label(d)}</span>
            </label>
          ))}
        </div>
      )}
      <section className="settings-group" aria-labelledby="export-title">
        <h2 id="export-title" className="access-title">
          Export
        </h2>
        <p className="hint">Downloads the {label(direction)} rules as a sluice.graph/v1 template: app types and rules only, never keys or data.</p>
        <div className="settings-actions">
          <button type="button" className="btn" disabled={!withRules.includes(direction)} onClick={() => void exportRules()}>
            Export as template
          </button>
          {!withRules.includes(direction) && <span className="hint">This direction has no rules yet: it syncs everything.</span>}
        </div>
        {exportError && (
          <p className="error-text" role="alert">
            {exportError}
          </p>
        )}
      </section>
      <section className="settings-group" aria-labelledby="import-title">
        <h2 id="import-title" className="access-title">
          Import
        </h2>
        <p className="hint">Replaces the {label(direction)} rules with a template file, after asking; it is checked against both apps first and its tests run.</p>
        <div className="field">
          <label htmlFor="template-file">Template file (.json)</label>
          <input
            id="template-file"
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importFile(file);
              e.target.value = '';
            }}
          />
        </div>
        {fileError && (
          <p className="error-text" role="alert">
            Not imported: {fileError}
          </p>
        )}
      </section>
      <section className="settings-group" aria-labelledby="gallery-title">
        <h2 id="gallery-title" className="access-title">
          Gallery
        </h2>
        {gallery.isPending ? (
          <LoadingState label="Loading the gallery…" />
        ) : gallery.isError ? (
          <ErrorState error={gallery.error} onRetry={() => void gallery.refetch()} />
        ) : (
          <TemplateGallery
            templates={gallery.data}
            appName={appName}
            actionLabel={`Apply to ${label(direction)}`}
            fitTarget={label(direction)}
            onApply={(t) => apply.ask({ title: t.title, galleryId: t.id, graph: t.graph })}
          />
        )}
      </section>
      {apply.applied && (
        <p className="success-text" role="status">
          Applied to {apply.applied.imported.map(label).join(' and ')}
          {testCount(apply.applied.tests) > 0 ? ` · its ${testCount(apply.applied.tests)} tests pass` : ''}.
        </p>
      )}
      {apply.dialog}
    </div>
  );
}
