/**
 * Examples in the catalog name the terminal's region (issue 15: 中山 streets on a Tianjin terminal):
 * no field label, hint or option of the shipped catalog names a real city, and placeholders are
 * filled from the terminal's 行政区划 code.
 */
import { describe, expect, it } from 'vitest';
import { RegionIndex } from '../../device-bridge/src/regions/regions';
import { loadSampleCatalog } from '../../test/support/sample-catalog';
import { regionalText } from './regional-text';

const regions = RegionIndex.fromPackage();
const catalog = loadSampleCatalog();

describe('regional examples', () => {
  it('no field text of the catalog names a city or district of its own (examples use {city}, {district}, {provinceShort})', () => {
    const provinces = regions.childrenOf('');
    if (!provinces.ok) throw new Error('no provinces');
    const cities = provinces.value.regions.flatMap((p) => {
      const c = regions.childrenOf(p.code);
      return c.ok ? c.value.regions.map((r) => r.name).filter((n) => n.length > 2 && n !== '市辖区') : [];
    });
    expect(cities).toContain('中山市');
    const texts = catalog.fields.flatMap((f) => [f.label.zh, f.hint?.zh ?? '', ...(f.options ?? []).map((o) => o.label.zh)]);
    for (const t of texts) for (const city of cities) expect(t, `"${t}" names ${city}`).not.toContain(city);
  });

  it('fills the examples from the terminal region: Heping district of Tianjin', () => {
    const region = regions.terminalRegion('120101')!;
    expect(region).toEqual({ code: '120101', province: '天津市', city: '天津市', district: '和平区' });
    const hint = catalog.fields.find((f) => f.key === 'property.certificateNumber')!.hint!;
    expect(regionalText(hint, region).zh).toBe('如“津（2024）天津市不动产权第0001234号”');
    expect(regionalText(catalog.fields.find((f) => f.key === 'enterprise.name')!.hint!, region).zh).toContain('天津市某某科技有限公司');
    expect(regionalText(hint, null).zh).toBe('如“某（2024）某市不动产权第0001234号”');
    expect(regions.terminalRegion('442000')?.city).toBe('中山市');
  });
});
