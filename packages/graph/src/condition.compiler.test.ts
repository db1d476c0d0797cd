import { describe, expect, it } from 'vitest';
import { compileWhen } from './condition.compiler';
import type { ConditionOp, ConditionValue, When } from './graph.schema';
import { contact } from './testing/graph.fixture';

const rec = contact({
  email: 'Ada@Example.com',
  company: 'Acme',
  tags: ['VIP', 'lead'],
  deals: { count: 2, open: 1, won: 1, value: 500 },
  unsubscribed: false,
  updatedAt: '2024-05-01T10:00:00Z',
  custom: { score: '42', active: 'true', empty: '', nothing: null },
});

const holds = (field: string, op: ConditionOp, value?: ConditionValue) =>
  compileWhen(value === undefined ? { field, op } : { field, op, value })(rec);

describe('condition ops', () => {
  it('eq / ne ignore case on text and compare numbers and booleans', () => {
    expect(holds('email', 'eq', 'ada@example.COM')).toBe(true);
    expect(holds('deals.count', 'eq', 2)).toBe(true);
    expect(holds('deals.count', 'eq', '2')).toBe(true);
    expect(holds('custom.score', 'eq', 42)).toBe(true);
    expect(holds('unsubscribed', 'eq', false)).toBe(true);
    expect(holds('custom.active', 'eq', true)).toBe(true);
    expect(holds('company', 'ne', 'acme')).toBe(false);
    expect(holds('company', 'ne', 'Other')).toBe(true);
    expect(holds('phone', 'eq', null)).toBe(true);
    expect(holds('custom.nothing', 'eq', null)).toBe(true);
    expect(holds('phone', 'eq', 'x')).toBe(false);
  });
  it('eq on a list field tests membership', () => {
    expect(holds('tags', 'eq', 'vip')).toBe(true);
    expect(holds('tags', 'ne', 'vip')).toBe(false);
  });
  it('contains tests membership on lists and substrings on text', () => {
    expect(holds('tags', 'contains', 'Lead')).toBe(true);
    expect(holds('tags', 'contains', 'lea')).toBe(false);
    expect(holds('email', 'contains', 'EXAMPLE')).toBe(true);
    expect(holds('tags', 'notContains', 'customer')).toBe(true);
    expect(holds('email', 'notContains', 'example')).toBe(false);
    expect(holds('phone', 'contains', '1')).toBe(false);
    expect(holds('phone', 'notContains', '1')).toBe(true);
  });
  it('startsWith / endsWith ignore case, on text and list elements', () => {
    expect(holds('email', 'startsWith', 'ADA@')).toBe(true);
    expect(holds('email', 'endsWith', '.com')).toBe(true);
    expect(holds('email', 'endsWith', '.org')).toBe(false);
    expect(holds('tags', 'startsWith', 'vi')).toBe(true);
    expect(holds('phone', 'startsWith', '+')).toBe(false);
  });
  it('in / notIn against a list of values', () => {
    expect(holds('company', 'in', ['acme', 'Globex'])).toBe(true);
    expect(holds('deals.count', 'in', [1, 2, 3])).toBe(true);
    expect(holds('tags', 'in', ['lead'])).toBe(true);
    expect(holds('company', 'notIn', ['Globex'])).toBe(true);
    expect(holds('company', 'notIn', ['ACME'])).toBe(false);
  });
  it('isEmpty is true for missing, null, "" and []', () => {
    expect(holds('phone', 'isEmpty')).toBe(true);
    expect(holds('custom.nothing', 'isEmpty')).toBe(true);
    expect(holds('custom.empty', 'isEmpty')).toBe(true);
    expect(holds('lists', 'isEmpty')).toBe(true);
    expect(holds('tags', 'isEmpty')).toBe(false);
    expect(holds('deals.count', 'isNotEmpty')).toBe(true);
    expect(holds('phone', 'isNotEmpty')).toBe(false);
  });
  it('gt / gte / lt / lte compare numbers and numeric text', () => {
    expect(holds('deals.count', 'gt', 1)).toBe(true);
    expect(holds('deals.count', 'gt', 2)).toBe(false);
    expect(holds('deals.count', 'gte', 2)).toBe(true);
    expect(holds('deals.value', 'lt', 1000)).toBe(true);
    expect(holds('deals.value', 'lte', 499)).toBe(false);
    expect(holds('custom.score', 'gt', '40')).toBe(true);
    expect(holds('company', 'gt', 1)).toBe(false);
    expect(holds('phone', 'lt', 1)).toBe(false);
  });
  it('gt / lt compare ISO dates', () => {
    expect(holds('updatedAt', 'gt', '2024-01-01')).toBe(true);
    expect(holds('updatedAt', 'lt', '2024-01-01T00:00:00Z')).toBe(false);
    expect(holds('updatedAt', 'gte', '2024-05-01T10:00:00Z')).toBe(true);
    expect(holds('updatedAt', 'lte', '2024-05-01T09:59:59Z')).toBe(false);
    expect(holds('company', 'gt', '2024-01-01')).toBe(false);
  });
  it('matches takes a case-insensitive regular expression', () => {
    expect(holds('email', 'matches', '@example\\.com$')).toBe(true);
    expect(holds('email', 'matches', '^bob')).toBe(false);
    expect(holds('tags', 'matches', '^v.p$')).toBe(true);
    expect(holds('phone', 'matches', '.*')).toBe(false);
    expect(holds('email', 'matches', '(')).toBe(false);
  });
});

describe('condition groups', () => {
  const yes: When = { field: 'company', op: 'eq', value: 'acme' };
  const no: When = { field: 'company', op: 'eq', value: 'globex' };
  it('all needs every part, any needs one, not negates', () => {
    expect(compileWhen({ all: [yes, yes, yes] })(rec)).toBe(true);
    expect(compileWhen({ all: [yes, no] })(rec)).toBe(false);
    expect(compileWhen({ any: [no, no, yes] })(rec)).toBe(true);
    expect(compileWhen({ any: [no] })(rec)).toBe(false);
    expect(compileWhen({ not: no })(rec)).toBe(true);
    expect(compileWhen({ not: { any: [yes, no] } })(rec)).toBe(false);
  });
  it('empty all holds and empty any does not', () => {
    expect(compileWhen({ all: [] })(rec)).toBe(true);
    expect(compileWhen({ any: [] })(rec)).toBe(false);
  });
});
