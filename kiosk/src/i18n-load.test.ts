/**
 * The Uyghur tables are a separate chunk (i18n-load.ts): until it is loaded the app must not show ug
 * (the tables hold the Chinese stand-in), and loading puts every Uyghur table in place.
 */
import { describe, expect, it } from 'vitest';
import { reasonLabel, strings } from './i18n';
import { catalogStrings } from './i18n-catalog';
import { languageReady, loadLanguage } from './i18n-load';
import { progressStrings, stageLabel } from './i18n-progress';
import { ugCatalogStrings, ugProgressStrings, ugStrings } from './i18n-ug';

describe('lazy Uyghur tables', () => {
  it('zh and en are ready at once; ug only once its chunk is loaded, then every table is Uyghur', async () => {
    expect(languageReady('zh')).toBe(true);
    expect(languageReady('en')).toBe(true);
    expect(languageReady('ug')).toBe(false);
    expect(strings.ug).toBe(strings.zh);

    await loadLanguage('ug');
    expect(languageReady('ug')).toBe(true);
    expect(strings.ug).toBe(ugStrings);
    expect(catalogStrings.ug).toBe(ugCatalogStrings);
    expect(progressStrings.ug).toBe(ugProgressStrings);
    expect(stageLabel('已受理', 'ug')).not.toBe('已受理');
    expect(reasonLabel('设备故障', 'ug')).not.toBe('设备故障');
    await loadLanguage('ug'); // once is enough: a second call changes nothing
    expect(strings.ug).toBe(ugStrings);
  });
});
