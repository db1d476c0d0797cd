import type { Graph } from '@sluice/graph';
import './templates.css';

interface GalleryItem {
  id: string;
  title: string;
  summary: string;
  sourceApp: string;
  targetApp: string;
  graph: Graph;
  /** Whether it fits the chosen connection's apps, and why not (absent or null without a connection). */
  fit?: { ok: boolean; problems: string[] } | null;
}

interface TemplateGalleryProps {
  templates: readonly GalleryItem[];
  /** The apply button's words, e.g. `Apply to Sandbox CRM → Sandbox Outreach`; no button without it. */
  actionLabel?: string;
  /** What the fit is judged against, for the words on each card, e.g. `Sandbox CRM → Sandbox Outreach`. */
  fitTarget?: string;
  busy?: boolean;
  onApply?: (item: GalleryItem) => void;
  /** An app's display name by id (templates name their apps by id). */
  appName?: (id: string) => string;
}

/**
 * Built-in templates as cards. With a target connection each card says, before any click, whether
 * it fits that connection's apps (and why not); a template that does not fit has no active button.
 */
export function TemplateGallery({ templates, actionLabel, fitTarget, busy = false, onApply, appName = (id) => id }: TemplateGalleryProps) {
  return (
    <ul className="gallery" aria-label="Template gallery">
      {templates.map((t) => {
        const misfit = t.fit && !t.fit.ok;
        const fitId = `fit-${t.id}`;
        return (
          <li key={t.id} className="gallery-card" data-testid={`gallery-${t.id}`}>
            <h3>{t.title}</h3>
            <p className="hint">{t.summary}</p>
            <p className="hint">Made for {appName(t.sourceApp)} → {appName(t.targetApp)}; works with any apps that have its fields.</p>
            {t.fit && (
              <div id={fitId} className={`gallery-fit ${t.fit.ok ? 'gallery-fit-ok' : 'gallery-fit-no'}`}>
                {t.fit.ok ? (
                  <p>✓ Fits {fitTarget ?? 'this connection'}.</p>
                ) : (
                  <>
                    <p>Does not fit {fitTarget ?? 'this connection'}:</p>
                    <ul>
                      {t.fit.problems.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  </>
                )}
              </div>
            )}
            {onApply && actionLabel && (
              <button
                type="button"
                className="btn btn-sm btn-wrap"
                disabled={busy || !!misfit}
                aria-label={`${actionLabel}: ${t.title}`}
                {...(t.fit ? { 'aria-describedby': fitId } : {})}
                onClick={() => onApply(t)}
              >
                {actionLabel}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
