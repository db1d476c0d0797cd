import { describe, expect, it } from 'vitest';
import { Decimal128, Double, Long } from 'bson';
import { encodeKeyValue } from './index-key.codec';
import { planOrdered, planQuery, type PlannableIndex } from './query-plan';

const idx = (name: string, fields: string[], extra: Partial<PlannableIndex> = {}): PlannableIndex => ({
  name,
  fields,
  sparse: false,
  partial: false,
  ...extra,
});
const within = (key: Buffer, [lo, hi]: [Buffer, Buffer]) => Buffer.compare(lo, key) <= 0 && Buffer.compare(key, hi) < 0;

describe('planQuery', () => {
  const indexes = [idx('_id_', ['_id']), idx('email_1', ['email']), idx('ws_email', ['workspaceId', 'email'])];

  it('scans when nothing is indexed', () => {
    expect(planQuery({ name: 'x' }, indexes)).toBeUndefined();
    expect(planQuery({}, indexes)).toBeUndefined();
  });

  it('prefers the index with more equality fields', () => {
    const plan = planQuery({ workspaceId: 'w', email: 'a@x.io' }, indexes)!;
    expect(plan.indexName).toBe('ws_email');
    const key = Buffer.concat([encodeKeyValue('w'), encodeKeyValue('a@x.io')]);
    expect(within(key, plan.ranges[0]!)).toBe(true);
    expect(within(Buffer.concat([encodeKeyValue('w'), encodeKeyValue('b@x.io')]), plan.ranges[0]!)).toBe(false);
  });

  it('turns $in into one range per value and ranges into bracketed bounds', () => {
    expect(planQuery({ email: { $in: ['a', 'b'] } }, indexes)!.ranges).toHaveLength(2);
    const plan = planQuery({ $and: [{ _id: { $gte: 10 } }] }, indexes)!;
    expect(plan.indexName).toBe('_id_');
    expect(within(encodeKeyValue(11), plan.ranges[0]!)).toBe(true);
    expect(within(encodeKeyValue(9), plan.ranges[0]!)).toBe(false);
    expect(within(encodeKeyValue('11'), plan.ranges[0]!)).toBe(false);
  });

  it('keeps upper bounds inclusive of the bound itself', () => {
    const plan = planQuery({ email: { $lte: 'm' } }, indexes)!;
    expect(within(encodeKeyValue('m'), plan.ranges[0]!)).toBe(true);
    expect(within(encodeKeyValue('a'), plan.ranges[0]!)).toBe(true);
    expect(within(encodeKeyValue('n'), plan.ranges[0]!)).toBe(false);
  });

  it('never uses sparse indexes for null or partial indexes at all', () => {
    expect(planQuery({ email: null }, [idx('e', ['email'], { sparse: true })])).toBeUndefined();
    expect(planQuery({ email: 'a' }, [idx('e', ['email'], { partial: true })])).toBeUndefined();
  });
});

describe('exact plans', () => {
  const unique = idx('scope_record', ['ws', 'conn', 'side', 'recordId']);

  it('marks plans whose ranges hold only matching documents', () => {
    expect(planQuery({ ws: 'a', conn: 'c', side: 'b', recordId: 'r1' }, [unique])!.exact).toBe(true);
    expect(planQuery({ ws: 'a', conn: { $eq: 'c' }, side: 'b', recordId: { $in: ['r1', 'r2'] } }, [unique])!.exact).toBe(true);
    expect(planQuery({ ws: 'a', conn: 'c' }, [unique])!.exact).toBe(true); // a prefix: the rest of the key is free
  });

  it('leaves the filter test on for anything the keys cannot decide', () => {
    expect(planQuery({ ws: 'a', conn: 'c', status: 'ok' }, [unique])!.exact).toBeUndefined(); // a field outside the index
    expect(planQuery({ ws: 'a', conn: null }, [unique])!.exact).toBeUndefined(); // null also matches missing
    expect(planQuery({ ws: 'a', side: 'b' }, [unique])!.exact).toBeUndefined(); // side is not pinned: conn is free
    expect(planQuery({ ws: 'a', conn: { $gt: 'c' } }, [unique])!.exact).toBeUndefined(); // a range
    expect(planQuery({ ws: 'a', conn: 'c', side: 'b', recordId: { $in: ['r', null] } }, [unique])!.exact).toBeUndefined();
  });

  it('trusts keys of numbers of every BSON type, which are exact', () => {
    const values = [2 ** 60, Long.fromString('4611686018427387905'), Decimal128.fromString('1.10'), new Double(5)];
    for (const v of values) expect(planQuery({ ws: 'a', conn: 'c', side: 'b', recordId: v }, [unique])!.exact).toBe(true);
  });

  it('reads `$gte: null` and `$lte: null` as equality with null (missing fields included)', () => {
    const plan = planQuery({ ws: { $gte: null } }, [unique])!;
    expect(plan.ranges).toHaveLength(1);
    expect(plan.ranges[0]![0][0]).toBe(0x05); // the null key
    expect(plan.exact).toBeUndefined();
  });
});

describe('planOrdered', () => {
  const events = idx('scope_at', ['ws', 'conn', 'at', '_id']);

  it('reads an index in order when the sort follows the pinned fields', () => {
    const asc = planOrdered({ ws: 'a', conn: 'c' }, { at: 1, _id: 1 }, events)!;
    expect(asc).toMatchObject({ descending: false, narrowed: true, plan: { eqFields: 2 } });
    expect(planOrdered({ ws: 'a', conn: 'c', at: { $lt: 5 } }, { at: -1 }, events)).toMatchObject({ descending: true });
    expect(planOrdered({}, { ws: 1 }, events)).toMatchObject({ narrowed: false, plan: { eqFields: 0 } });
  });

  it('refuses orders the index cannot give', () => {
    expect(planOrdered({ ws: 'a', conn: 'c' }, { at: -1, _id: 1 }, events)).toBeUndefined(); // mixed directions
    expect(planOrdered({ ws: 'a' }, { at: 1 }, events)).toBeUndefined(); // conn not pinned
    expect(planOrdered({ ws: { $in: ['a', 'b'] }, conn: 'c' }, { at: 1 }, events)).toBeUndefined(); // two prefixes
    expect(planOrdered({}, { ws: 1 }, { ...events, sparse: true })).toBeUndefined();
  });
});
