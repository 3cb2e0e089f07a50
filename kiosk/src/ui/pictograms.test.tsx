import { describe, expect, it } from 'vitest';
import { loadSampleCatalog } from '../../../test/support/sample-catalog';
import { pictogramNames } from './pictograms';

describe('stage pictograms', () => {
  it('exist for every life stage of the sample catalog, and differ between stages of one lifecycle', () => {
    const catalog = loadSampleCatalog();
    expect(catalog.stages.filter((st) => !pictogramNames.includes(st.icon)).map((st) => `${st.code}:${st.icon}`)).toEqual([]);
    for (const lifecycle of ['个人', '企业'] as const) {
      const icons = catalog.stages.filter((st) => st.lifecycle === lifecycle).map((st) => st.icon);
      expect(new Set(icons).size).toBe(icons.length);
    }
  });
});
