import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import type { MappingCheck } from './MappingEditor';
import type { MappingSpec, Side } from './settings.model';

/** One side of a connection as the settings need it: the app, its settings (a file's path) and credential. */
export interface AppSide {
  connector: string;
  config: Record<string, unknown>;
  credentialId?: string;
}

/**
 * What the settings editors need of two apps: field catalogs (read with each side's settings and
 * credential, so a file app knows its file and a keyed app lists its custom fields), the default
 * mapping, and a mapping check. Shared by the wizard (which waits on it before moving on) and the
 * editors: the queries are the same, so they are fetched once.
 */
export function useSettingsData(sides: Partial<Record<Side, AppSide>>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { a, b } = sides;
  const enabled = Boolean(a && b);
  const fieldsOf = (side: AppSide | undefined) =>
    trpc.apps.fields.queryOptions({
      id: side?.connector ?? '',
      ...(side && Object.keys(side.config).length > 0 ? { config: side.config } : {}),
      ...(side?.credentialId ? { credentialId: side.credentialId } : {}),
    });
  const fieldsA = useQuery({ ...fieldsOf(a), enabled });
  const fieldsB = useQuery({ ...fieldsOf(b), enabled });
  const defaults = useQuery({ ...trpc.apps.defaultMapping.queryOptions({ a: a?.connector ?? '', b: b?.connector ?? '' }), enabled });
  const check = (mapping: MappingSpec): Promise<MappingCheck> =>
    queryClient.fetchQuery(trpc.apps.checkMapping.queryOptions({ a: a?.connector ?? '', b: b?.connector ?? '', mapping }));
  const queries = [fieldsA, fieldsB, defaults];
  return {
    isPending: queries.some((q) => q.isPending),
    error: queries.find((q) => q.isError)?.error ?? null,
    retry: () => queries.forEach((q) => void q.refetch()),
    catalogs: { a: fieldsA.data ?? [], b: fieldsB.data ?? [] },
    defaults: defaults.data ?? [],
    check,
  };
}
