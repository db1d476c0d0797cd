import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Contact } from './contact.schema';
import { compileGraph } from './graph.compiler';
import { contact, singleRule } from './testing/graph.fixture';

const compiled = compileGraph(singleRule({ field: 'deals.count', op: 'eq', value: 0 }, { op: 'addTag', value: 'New' }, 'has no deals'));
const noDeals = contact({ id: 'a', deals: { count: 0, open: 0, won: 0, value: 0 } });
const twoDeals = contact({ id: 'b', deals: { count: 2, open: 2, won: 0, value: 0 } });

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('compiled operator (marble tests)', () => {
  it('emits one decision per record, in order and at the same frames, then completes', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold<Contact>('-a--b-a|', { a: noDeals, b: twoDeals });
      expectObservable(src.pipe(compiled.operator())).toBe('-x--y-x|', { x: compiled.decide(noDeals), y: compiled.decide(twoDeals) });
    });
  });
  it('passes errors of the source through and stops', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold<Contact>('-a-#', { a: noDeals }, new Error('source failed'));
      expectObservable(src.pipe(compiled.operator())).toBe('-x-#', { x: compiled.decide(noDeals) }, new Error('source failed'));
    });
  });
  it('turns a record that cannot be evaluated into an excluded decision, and keeps going', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const broken = null as unknown as Contact;
      const src = cold<Contact>('-n-a|', { n: broken, a: noDeals });
      expectObservable(src.pipe(compiled.operator())).toBe('-e-x|', {
        e: expect.objectContaining({ sync: false, error: expect.objectContaining({ code: 'E_RULE_EVALUATION' }) }),
        x: compiled.decide(noDeals),
      });
    });
  });
  it('unsubscribes from the source when the consumer does', () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const src = hot<Contact>('-a-b-a-b-|', { a: noDeals, b: twoDeals });
      expectObservable(src.pipe(compiled.operator()), '^--!').toBe('-x-', { x: compiled.decide(noDeals) });
      expectSubscriptions(src.subscriptions).toBe('^--!');
    });
  });
  it('the trace operator emits traced decisions', () => {
    scheduler().run(({ cold, expectObservable }) => {
      const src = cold<Contact>('a|', { a: twoDeals });
      expectObservable(src.pipe(compiled.traceOperator())).toBe('t|', { t: compiled.trace(twoDeals) });
    });
  });
});
