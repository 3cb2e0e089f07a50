/** Home: browse bundles (一件事) by life stage, and single items by department. No login needed. */
import { strings } from '../i18n';
import { progressStrings } from '../i18n-progress';
import { Pictogram } from '../ui/pictograms';
import type { ScreenProps } from './types';

export function HomeScreen({ snapshot, send }: ScreenProps) {
  const { context } = snapshot;
  const { catalog, browse, terminal } = context;
  const lang = context.settings.lang;
  const s = strings[lang];
  if (!catalog) return <p role="status">{lang === 'zh' ? '正在加载事项目录…' : 'Loading the catalog…'}</p>;
  const offered = (code: string) => !terminal?.bundles.length || terminal.bundles.includes(code);
  const bundles = catalog.bundles.filter((b) => offered(b.code) && (!browse.filter || browse.mode !== 'stage' || b.stage === browse.filter));
  const stagesWithBundles = catalog.stages.filter((st) => catalog.bundles.some((b) => b.stage === st.code && offered(b.code)));

  return (
    <>
      <h1 tabIndex={-1}>{s.homeTitle}</h1>
      <button class="btn btn-block progress-entry" type="button" onClick={() => send({ type: 'OPEN_PROGRESS' })}>
        {progressStrings[lang].progressEntry} <span class="muted">· {progressStrings[lang].progressEntryHint}</span>
      </button>
      <div class="tabs" role="group" aria-label={lang === 'zh' ? '浏览方式' : 'Browse by'}>
        <button class="btn tab" type="button" aria-pressed={browse.mode === 'stage'} onClick={() => send({ type: 'BROWSE', mode: 'stage', filter: null })}>
          {s.browseByStage}
        </button>
        <button class="btn tab" type="button" aria-pressed={browse.mode === 'department'} onClick={() => send({ type: 'BROWSE', mode: 'department', filter: null })}>
          {s.browseByDepartment}
        </button>
      </div>

      {browse.mode === 'stage' ? (
        <>
          <div class="tabs" role="group" aria-label={s.browseByStage}>
            <button class="btn tab" type="button" aria-pressed={browse.filter === null} onClick={() => send({ type: 'BROWSE', mode: 'stage', filter: null })}>
              {lang === 'zh' ? '全部' : 'All'}
            </button>
            {stagesWithBundles.map((st) => (
              <button
                key={st.code}
                class="btn tab"
                type="button"
                aria-pressed={browse.filter === st.code}
                onClick={() => send({ type: 'BROWSE', mode: 'stage', filter: st.code })}
              >
                <Pictogram name={st.icon} size={36} />
                {st.name[lang]}
              </button>
            ))}
          </div>
          <h2>{s.allBundles}</h2>
          <div class="tile-grid">
            {bundles.map((b) => {
              const stage = catalog.stages.find((st) => st.code === b.stage);
              return (
                <button key={b.code} class="tile" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'bundle', code: b.code } })}>
                  <Pictogram name={stage?.icon ?? 'guide'} />
                  <span class="tile-title">{b.name[lang]}</span>
                  <span class="tile-sub">
                    {b.lifecycle === '个人' ? s.personal : s.enterprise} · {b.items.length} {lang === 'zh' ? '项' : 'services'}
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
                  {d.name[lang]}
                </button>
              ))}
          </div>
          <h2>{s.items}</h2>
          <div class="tile-grid">
            {catalog.items
              .filter((i) => !browse.filter || i.department === browse.filter)
              .map((i) => (
                <button key={i.code} class="tile" type="button" onClick={() => send({ type: 'OPEN_GUIDE', guide: { kind: 'item', code: i.code } })}>
                  <span class="tile-title">{i.name[lang]}</span>
                  <span class="tile-sub">{catalog.departments.find((d) => d.code === i.department)?.name[lang]}</span>
                </button>
              ))}
          </div>
        </>
      )}
    </>
  );
}
