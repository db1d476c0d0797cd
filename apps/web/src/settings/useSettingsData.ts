import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import type { MappingCheck } from './MappingEditor';
import type { MappingSpec } from './settings.model';

/** What the settings editors need of two apps: field catalogs, the default mapping, and a mapping check. */
export function useSettingsData(a: string | undefined, b: string | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const enabled = Boolean(a && b);
  const fieldsA = useQuery({ ...trpc.apps.fields.queryOptions({ id: a ?? '' }), enabled });
  const fieldsB = useQuery({ ...trpc.apps.fields.queryOptions({ id: b ?? '' }), enabled });
  const defaults = useQuery({ ...trpc.apps.defaultMapping.queryOptions({ a: a ?? '', b: b ?? '' }), enabled });
  const check = (mapping: MappingSpec): Promise<MappingCheck> =>
    queryClient.fetchQuery(trpc.apps.checkMapping.queryOptions({ a: a ?? '', b: b ?? '', mapping }));
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
