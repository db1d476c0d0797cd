import { describe, expect, it } from 'vitest';
import { compilePlaceholders, placeholderFields, renderPlaceholders } from './placeholder.renderer';

describe('placeholders', () => {
  const rec = { firstName: 'Ada', company: 'Analytical', deals: { count: 3 }, tags: ['a', 'b'] };
  it('replaces {{field}} and {{ nested.field }}', () => {
    expect(renderPlaceholders('Hi {{firstName}} of {{ company }}', rec)).toBe('Hi Ada of Analytical');
    expect(renderPlaceholders('{{deals.count}} deals', rec)).toBe('3 deals');
  });
  it('renders missing fields as empty text and lists joined', () => {
    expect(renderPlaceholders('[{{lastName}}]', rec)).toBe('[]');
    expect(renderPlaceholders('tags: {{tags}}', rec)).toBe('tags: a, b');
  });
  it('keeps the value type when the text is one placeholder', () => {
    expect(renderPlaceholders('{{deals.count}}', rec)).toBe(3);
    expect(renderPlaceholders('{{missing}}', rec)).toBe('');
  });
  it('leaves plain text alone and lists referenced fields', () => {
    expect(compilePlaceholders('no braces {here}')(rec)).toBe('no braces {here}');
    expect(placeholderFields('{{a}} {{ b.c }} {{a}}')).toEqual(['a', 'b.c', 'a']);
  });
});
