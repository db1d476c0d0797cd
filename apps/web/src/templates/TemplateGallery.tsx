interface GalleryItem {
  id: string;
  title: string;
  summary: string;
  sourceApp: string;
  targetApp: string;
}

/** Built-in templates as cards, each with an apply button when a target is given. */
export function TemplateGallery({ templates, actionLabel, busy = false, onApply }: { templates: readonly GalleryItem[]; actionLabel?: string; busy?: boolean; onApply?: (id: string) => void }) {
  return (
    <ul className="gallery" aria-label="Template gallery">
      {templates.map((t) => (
        <li key={t.id} className="gallery-card">
          <h3>{t.title}</h3>
          <p className="hint">{t.summary}</p>
          <p className="hint">
            Made for {t.sourceApp} → {t.targetApp}; works with any apps that have its fields.
          </p>
          {onApply && actionLabel && (
            <button type="button" className="btn btn-sm btn-wrap" disabled={busy} aria-label={`${actionLabel}: ${t.title}`} onClick={() => onApply(t.id)}>
              {actionLabel}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
