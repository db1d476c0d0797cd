import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { ErrorState } from '../ui/ErrorState';
import { LoadingState } from '../ui/LoadingState';
import { diffSections } from './versions.model';

/**
 * What changes from version `from` to version `to` (either order), in sentences: the settings, then
 * each direction's rules. `empty` is said when only the canvas layout differs.
 */
export function VersionDiff({ connectionId, from, to, empty = 'These versions differ only in where nodes sit on the canvas.' }: { connectionId: string; from: number; to: number; empty?: string }) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.versions.diff.queryOptions({ connectionId, from, to }));
  if (diff.isPending) return <LoadingState label="Comparing the versions…" />;
  if (diff.isError) return <ErrorState title="Could not compare the versions" error={diff.error} onRetry={() => void diff.refetch()} />;
  const sections = diffSections(diff.data);
  if (sections.length === 0) return <p className="hint">{empty}</p>;
  return (
    <div className="version-diff" data-testid="version-diff">
      {sections.map((s) => (
        <section key={s.title} aria-label={s.title}>
          <h3>{s.title}</h3>
          <ul>
            {s.sentences.map((sentence, i) => (
              <li key={i}>{sentence}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
