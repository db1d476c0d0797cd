import { describe, expect, it } from 'vitest';
import { sinceParam, stepWalk } from './mailchimp.cursor';

const m = (id: string, second: number, name = id) => ({
  id,
  email_address: `${id}@x.io`,
  status: 'subscribed',
  merge_fields: { FNAME: name },
  last_changed: new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString().replace('.000Z', '+00:00'),
});
const at = (second: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, second)).toISOString();

describe('stepWalk (keyset paging over last_changed)', () => {
  it('moves the lower bound to the newest second of a full page and remembers who was read there', () => {
    const step = stepWalk({}, [m('a', 1), m('b', 2), m('c', 2)], 3);
    expect(step.fresh.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(step.done).toBe(false);
    expect(step.next.at).toBe(at(2));
    expect(step.next.seen).toHaveLength(2);
    // The next page starts at that second again: b and c come back and are dropped, d is new.
    const again = stepWalk(step.next, [m('b', 2), m('c', 2), m('d', 3)], 3);
    expect(again.fresh.map((x) => x.id)).toEqual(['d']);
  });

  it('hands a member over again when it changed within the boundary second', () => {
    const step = stepWalk({}, [m('a', 5)], 10);
    expect(step.done).toBe(true);
    expect(stepWalk(step.next, [m('a', 5)], 10).fresh).toEqual([]);
    expect(stepWalk(step.next, [m('a', 5, 'Renamed')], 10).fresh.map((x) => x.merge_fields?.FNAME)).toEqual(['Renamed']);
  });

  it('steps over a page that is all one second by offset, then drops the offset', () => {
    const full = stepWalk({ at: at(7) }, [m('a', 7), m('b', 7)], 2);
    expect(full.next).toMatchObject({ at: at(7), skip: 2 });
    const after = stepWalk(full.next, [m('c', 7), m('d', 8)], 2);
    expect(after.fresh.map((x) => x.id)).toEqual(['c', 'd']);
    expect(after.next.skip).toBeUndefined();
    expect(after.next.at).toBe(at(8));
  });

  it('drops members older than the lower bound (Mailchimp comparing with >= one second earlier)', () => {
    expect(stepWalk({ at: at(9) }, [m('old', 8), m('new', 9)], 10).fresh.map((x) => x.id)).toEqual(['new']);
  });

  it('asks Mailchimp for one second before the bound, in its own time format', () => {
    expect(sinceParam(at(9))).toBe('2025-01-01T00:00:08+00:00');
    expect(sinceParam(undefined)).toBeUndefined();
  });
});
