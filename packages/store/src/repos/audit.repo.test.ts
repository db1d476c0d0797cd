import { expect, it } from 'vitest';
import { describeStore } from '../testing/describe-store';
import { AuditRepo, type AuditInput } from './audit.repo';

const T0 = Date.UTC(2030, 0, 1);
const ann = { type: 'user', id: 'u1', email: 'ann@example.com', name: 'Ann' } as const;
const input = (summary: string, target: AuditInput['target'] = { type: 'connection', id: 'c1', name: 'CRM' }): AuditInput => ({ actor: ann, action: 'connection.updated', target, summary });

describeStore('audit log', (ctx) => {
  it('pages entries newest first, with the total, and filters by target', async () => {
    const audit = ctx.store.audit;
    for (let i = 0; i < 5; i++) await audit.append('w1', input(`change ${i}`), T0 + i);
    await audit.append('w1', input('invited bob', { type: 'member', id: 'bob@example.com' }), T0 + 10);
    await audit.append('w2', input('elsewhere'), T0 + 20);
    const first = await audit.page('w1', { page: 0, pageSize: 4 });
    expect(first.total).toBe(6);
    expect(first.entries.map((e) => e.summary)).toEqual(['invited bob', 'change 4', 'change 3', 'change 2']);
    expect(first.entries[0]).toMatchObject({ at: T0 + 10, actor: ann, action: 'connection.updated', target: { type: 'member', id: 'bob@example.com' } });
    expect((await audit.page('w1', { page: 1, pageSize: 4 })).entries.map((e) => e.summary)).toEqual(['change 1', 'change 0']);
    expect((await audit.page('w1', { page: 0, pageSize: 10, targetType: 'member' })).entries.map((e) => e.summary)).toEqual(['invited bob']);
    expect((await audit.page('w1', { page: 0, pageSize: 10, targetId: 'c1' })).total).toBe(5);
    expect((await audit.page('w2', { page: 0, pageSize: 10 })).entries.map((e) => e.summary)).toEqual(['elsewhere']);
  });

  it('walks the whole log oldest first for exports, entry after entry', async () => {
    const audit = ctx.store.audit;
    // A second apart: ids sort by time first (within one millisecond, by their random part).
    for (let i = 0; i < 5; i++) await audit.append('w-export', input(`e${i}`), T0 + i * 1000);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const batch = await audit.after('w-export', after, 2);
      if (batch.length === 0) break;
      seen.push(...batch.map((e) => e.summary));
      after = batch.at(-1)!.id;
    }
    expect(seen).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
  });

  it('offers no way to change or delete an entry', () => {
    const methods = Object.getOwnPropertyNames(AuditRepo.prototype).filter((m) => m !== 'constructor');
    expect(methods.sort()).toEqual(['after', 'append', 'filter', 'page']);
  });
});
