/**
 * Catalog text (LocalText) in the citizen's language. When the catalog has no text in that
 * language (Uyghur: the catalog is {zh, en}), the fallback is shown and marked with its own
 * `lang` and `dir` so screen readers, fonts and the bidi algorithm treat it as Chinese.
 */
import type { LocalText } from '../../../core/catalog/schema';
import { languages, resolveLocal } from '../languages';
import type { Lang } from '../machine/kiosk-machine';

export function Local({ text, lang }: { text: LocalText | undefined; lang: Lang }) {
  if (!text) return null;
  const shown = resolveLocal(text, lang);
  if (shown.lang === lang) return <>{shown.text}</>;
  const info = languages[shown.lang];
  return (
    <span lang={info.tag} dir={info.dir}>
      {shown.text}
    </span>
  );
}
