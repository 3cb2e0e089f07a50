/** The console's configuration form may offer Uyghur: the change validates, merges, and the result is a valid terminal configuration. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TerminalConfig } from '../../../core/config/terminal';
import { ConfigChange, mergeChange } from './maintenance-api';

const shipped = TerminalConfig.parse(JSON.parse(readFileSync(new URL('../../../config/terminal.json', import.meta.url), 'utf8')));

describe('console change of the offered languages', () => {
  it('accepts zh, en and ug and saves a configuration that still validates', () => {
    const change = ConfigChange.parse({ languages: ['ug', 'zh'] });
    const next = mergeChange(shipped, change);
    expect(next.languages).toEqual(['ug', 'zh']);
    expect(TerminalConfig.safeParse(next).success).toBe(true);
  });

  it('refuses an unknown language code or an empty list, naming the field', () => {
    const unknown = ConfigChange.safeParse({ languages: ['zh', 'bo'] });
    expect(unknown.success).toBe(false);
    expect(unknown.error!.issues[0]!.path).toEqual(['languages', 1]);
    expect(ConfigChange.safeParse({ languages: [] }).success).toBe(false);
  });
});
