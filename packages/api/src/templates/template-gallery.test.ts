import { runGraphTests, validateGraph } from '@sluice/graph';
import { describe, expect, it } from 'vitest';
import { templateGallery } from './template-gallery';

describe('template gallery', () => {
  it('holds at least five templates with unique ids', () => {
    expect(templateGallery.length).toBeGreaterThanOrEqual(5);
    expect(new Set(templateGallery.map((t) => t.id)).size).toBe(templateGallery.length);
  });

  it.each(templateGallery.map((t) => [t.id, t] as const))('%s is valid and passes its own tests', (_id, template) => {
    const result = validateGraph(template.graph);
    expect(result.errors.filter((e) => e.severity === 'error')).toEqual([]);
    const report = runGraphTests(template.graph);
    expect(report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failure}`)).toEqual([]);
    expect(report.total).toBeGreaterThanOrEqual(2);
  });
});
