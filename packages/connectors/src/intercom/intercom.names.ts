import { createHash } from 'node:crypto';
import { isUserError } from '@sluice/core';
import type { HttpClient } from '../http/http-client';
import { mapConcurrent } from '../sdk/map-concurrent';
import type { IcNames } from './intercom.mapping';
import { type IcCompany, type IcContact, icCompanyListSchema, icCompanySchema, icTagListSchema, icTagSchema } from './intercom.schemas';

/** Per-contact requests in flight at once (tags or companies beyond the ten a contact embeds). */
export const CONTACT_CONCURRENCY = 4;

/**
 * Names of a workspace's tags and companies, by id, read once and kept for the connector's life:
 * Intercom's contacts carry only the ids of their tags and companies (and at most ten of each).
 */
export class IcDirectory {
  private tags?: Map<string, string>;
  private readonly companies = new Map<string, IcCompany>();
  /** Company reads in flight, so that contacts of one page in the same company ask for it once. */
  private readonly reading = new Map<string, Promise<IcCompany | undefined>>();

  constructor(private readonly http: () => Promise<HttpClient>) {}

  /** All tags by id (`GET /tags`), read again when `unknown` holds an id not seen before. */
  async tagNames(unknown: readonly string[] = [], signal?: AbortSignal): Promise<Map<string, string>> {
    if (!this.tags || unknown.some((id) => !this.tags!.has(id))) {
      const list = await (await this.http()).get('/tags', { schema: icTagListSchema, signal });
      this.tags = new Map(list.data.map((t) => [t.id, t.name]));
    }
    return this.tags;
  }

  /** The tag called `name` (case ignored, as Intercom does), created when the workspace has none. */
  async tagId(name: string, signal?: AbortSignal): Promise<string> {
    const find = (m: Map<string, string>) => [...m].find(([, n]) => n.toLowerCase() === name.toLowerCase())?.[0];
    const known = find(await this.tagNames([], signal));
    if (known) return known;
    // POST /tags finds or creates by name: sending it twice makes one tag.
    const tag = await (await this.http()).post('/tags', { name }, { schema: icTagSchema, signal, idempotent: true });
    this.tags!.set(tag.id, tag.name);
    return tag.id;
  }

  /** A company by its Intercom id (`GET /companies/{id}`), undefined when it is gone. */
  async company(id: string, signal?: AbortSignal): Promise<IcCompany | undefined> {
    if (this.companies.has(id)) return this.companies.get(id);
    const pending =
      this.reading.get(id) ??
      (async () => {
        try {
          const c = await (await this.http()).get(`/companies/${encodeURIComponent(id)}`, { schema: icCompanySchema, signal });
          this.companies.set(id, c);
          return c;
        } catch (error) {
          if (isUserError(error) && error.details?.status === 404) return undefined;
          throw error;
        } finally {
          this.reading.delete(id);
        }
      })();
    this.reading.set(id, pending);
    return pending;
  }

  /**
   * The company called `name`: found by name (`GET /companies?name=`), else created with a
   * `company_id` derived from the name, so that creating it again updates the same company.
   */
  async companyNamed(name: string, signal?: AbortSignal): Promise<IcCompany> {
    const known = [...this.companies.values()].find((c) => c.name?.toLowerCase() === name.toLowerCase());
    if (known) return known;
    const http = await this.http();
    let found: IcCompany | undefined;
    try {
      found = (await http.get('/companies', { query: { name }, schema: icCompanyListSchema, signal })).data[0];
    } catch (error) {
      if (!(isUserError(error) && error.details?.status === 404)) throw error;
    }
    const company =
      found ??
      (await http.post(
        '/companies',
        { company_id: `sluice-${createHash('sha1').update(name.trim().toLowerCase()).digest('hex').slice(0, 20)}`, name },
        { schema: icCompanySchema, signal, idempotent: true },
      ));
    this.companies.set(company.id, company);
    return company;
  }

  /** The names of each contact's tags and its first company, reading what the contact does not embed. */
  async namesOf(contacts: readonly IcContact[], signal?: AbortSignal): Promise<IcNames[]> {
    const tagIds = contacts.flatMap((c) => (c.tags?.data ?? []).map((t) => t.id));
    const tags = await this.tagNames(tagIds, signal);
    return mapConcurrent(contacts, CONTACT_CONCURRENCY, async (c) => {
      let names = (c.tags?.data ?? []).map((t) => tags.get(t.id)).filter((n): n is string => n !== undefined);
      if (c.tags?.has_more) {
        const all = await (await this.http()).get(`/contacts/${encodeURIComponent(c.id)}/tags`, { schema: icTagListSchema, signal });
        names = all.data.map((t) => t.name);
      }
      const first = c.companies?.data?.[0];
      const company = first ? (await this.company(first.id, signal))?.name ?? undefined : undefined;
      return { tags: names, ...(company ? { company } : {}) };
    });
  }
}
