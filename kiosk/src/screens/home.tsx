/**
 * Home: search (words, full pinyin, pinyin initials, with an on-screen keyboard), browse bundles
 * (一件事) by life stage with pictograms, and single items by department. No login needed.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Catalog } from '../../../core/catalog/schema';
import { strings } from '../i18n';
import { progressStrings } from '../i18n-progress';
import { catalogStrings } from '../i18n-catalog';
import { Pictogram } from '../ui/pictograms';
import { SearchKeyboard } from '../ui/search-keyboard';
import type { ScreenProps } from './types';
import { localText } from '../languages';
import { Local } from '../ui/local';
import { preloadAtIdle } from './lazy-screen';

type SearchModule = typeof import('../../../core/catalog/search');

/**
 * The search engine and its pinyin dictionary load lazily (a separate chunk), so the attract
 * screen does not wait for them; the index is built once per catalog version.
 */
let searchModule: Promise<SearchModule> | null = null;
let searchLoaded: SearchModule | null = null; // once loaded, home renders with it at once (no second render)
const loadSearch = () => (searchModule ??= import('../../../core/catalog/search')).then((m) => (searchLoaded = m));
preloadAtIdle(loadSearch); // the index itself is built at idle once the catalog is there (app.tsx)
function useSearch(catalog: Catalog | null) {
  const [mod, setMod] = useState<SearchModule | null>(() => searchLoaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    void loadSearch().then((m) => live && setMod(m));
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => (mod && catalog ? { index: mod.searchIndexFor(catalog), search: mod.search } : null), [mod, catalog]);
}

export function HomeScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const { catalog, browse, terminal, query } = context;
  const lang = context.settings.lang;
  const s = strings[lang];
  const cs = catalogStrings[lang];
  const engine = useSearch(catalog);
  if (!catalog) return <p role="status">{s.loadingCatalog}</p>;
  const offered = (code: string) => !terminal?.bundles.length || terminal.bundles.includes(code);
  const bundles = catalog.bundles.filter((b) => offered(b.code) && (!browse.filter || browse.mode !== 'stage' || b.stage === browse.filter));
  const stagesWithBundles = catalog.stages.filter((st) => catalog.bundles.some((b) => b.stage === st.code && offered(b.code)));
  const setQuery = (q: string) => send({ type: 'SEARCH', query: q });
  const hits = query.trim() && engine ? engine.search(engine.index, query, 30).filter((h) => h.kind === 'item' || offered(h.code)) : null;

  return (
    <>
      <h1 tabIndex={-1}>{s.homeTitle}</h1>
      <button class="btn btn-block progress-entry" type="button" onClick={() => send({ type: 'OPEN_PROGRESS' })}>
        {progressStrings[lang].progressEntry} <span class="muted elder-hide">· {progressStrings[lang].progressEntryHint}</span>
      </button>
      {/* 长辈版: one way to choose (the pictograms of life stages); typing and the department list are hidden. */}
      <search class="search-box elder-hide" aria-label={cs.searchLabel}>
        <div class="field">
          <label for="search-input">{cs.searchLabel}</label>
          <input
            id="search-input"
            type="search"
            value={query}
            placeholder={cs.searchPlaceholder}
            autocomplete="off"
            aria-describedby="search-hint"
            onInput={(e) => setQuery((e.target as HTMLInputElement).value)}
          />
          <p class="muted" id="search-hint">
            {cs.searchHint}
          </p>
        </div>
        <SearchKeyboard query={query} lang={lang} onChange={setQuery} />
      </search>

      {hits !== null ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title" aria-live="polite">
            {hits.length ? cs.results(hits.length) : cs.noResults}
          </h2>
          <div class="tile-grid">
            {hits.map((h) => {
              const bundle = h.kind === 'bundle' ? catalog.bundles.find((b) => b.code === h.code) : null;
              const item = h.kind === 'item' ? catalog.items.find((i) => i.code === h.code) : null;
              const stage = bundle ? catalog.stages.find((st) => st.code === bundle.stage) : null;
              const dept = localText(catalog.departments.find((d) => d.code === (bundle?.leadDepartment ?? item?.department))?.name, lang);
              return (
                <button key={`${h.kind}:${h.code}`} class="tile" type="button" data-kind={h.kind} onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: h.kind, code: h.code } })}>
                  {stage && <Pictogram name={stage.icon} />}
                  <span class="tile-title"><Local text={h.name} lang={lang} /></span>
                  <span class="tile-sub">
                    <span class="chip">{h.kind === 'bundle' ? cs.bundleTag : cs.itemTag}</span> {dept}
                    {h.match === 'fuzzy' && <> · {cs.fuzzyTag}</>}
                  </span>
                </button>
              );
            })}
          </div>
        </section>
      ) : (
        <>
          <div class="tabs elder-hide" role="group" aria-label={s.browseBy}>
            <button class="btn tab" type="button" aria-pressed={browse.mode === 'stage'} onClick={() => send({ type: 'BROWSE', mode: 'stage', filter: null })}>
              {s.browseByStage}
            </button>
            <button class="btn tab" type="button" aria-pressed={browse.mode === 'department'} onClick={() => send({ type: 'BROWSE', mode: 'department', filter: null })}>
              {s.browseByDepartment}
            </button>
          </div>

          {browse.mode === 'stage' ? (
            <>
              {(['个人', '企业'] as const).map((lifecycle) => {
                const stages = stagesWithBundles.filter((st) => st.lifecycle === lifecycle);
                if (!stages.length) return null;
                return (
                  <div key={lifecycle} class="stage-group" role="group" aria-label={lifecycle === '个人' ? s.personal : s.enterprise}>
                    <h2>{lifecycle === '个人' ? s.personal : s.enterprise}</h2>
                    <div class="stage-grid">
                      {stages.map((st) => (
                        <button
                          key={st.code}
                          class="stage-tile"
                          type="button"
                          aria-pressed={browse.filter === st.code}
                          onClick={() => send({ type: 'BROWSE', mode: 'stage', filter: browse.filter === st.code ? null : st.code })}
                        >
                          <Pictogram name={st.icon} />
                          <span><Local text={st.name} lang={lang} /></span>
                        </button>
                      ))}
                    </div>
                  </div>
                );
              })}
              <h2>
                {s.allBundles}
                {browse.filter && ` · ${localText(catalog.stages.find((st) => st.code === browse.filter)?.name, lang) ?? ''}`}
              </h2>
              <div class="tile-grid">
                {bundles.map((b) => {
                  const stage = catalog.stages.find((st) => st.code === b.stage);
                  return (
                    <button key={b.code} class="tile" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'bundle', code: b.code } })}>
                      <Pictogram name={stage?.icon ?? 'guide'} />
                      <span class="tile-title"><Local text={b.name} lang={lang} /></span>
                      <span class="tile-sub">
                        {b.lifecycle === '个人' ? s.personal : s.enterprise} · {s.serviceCount(b.items.length)}
                      </span>
                    </button>
                  );
                })}
              </div>
            </>
          ) : (
            <>
              <div class="tabs" role="group" aria-label={s.browseByDepartment}>
                {catalog.departments
                  .filter((d) => catalog.items.some((i) => i.department === d.code))
                  .map((d) => (
                    <button
                      key={d.code}
                      class="btn tab"
                      type="button"
                      aria-pressed={browse.filter === d.code}
                      onClick={() => send({ type: 'BROWSE', mode: 'department', filter: d.code })}
                    >
                      <Local text={d.name} lang={lang} />
                    </button>
                  ))}
              </div>
              <h2>{s.items}</h2>
              <div class="tile-grid">
                {catalog.items
                  .filter((i) => !browse.filter || i.department === browse.filter)
                  .map((i) => (
                    <button key={i.code} class="tile" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'item', code: i.code } })}>
                      <span class="tile-title"><Local text={i.name} lang={lang} /></span>
                      <span class="tile-sub"><Local text={catalog.departments.find((d) => d.code === i.department)?.name} lang={lang} /></span>
                    </button>
                  ))}
              </div>
            </>
          )}
        </>
      )}
    </>
  );
}
