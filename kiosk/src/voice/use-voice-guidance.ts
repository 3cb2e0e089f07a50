/**
 * Drives the voice engine from the statechart: a screen's prompt when it appears (and its device
 * notices), the new notice when one appears on the same screen, 已呼叫工作人员 after a help call,
 * silence when voice is switched off or the screen changes; and, while voice is on, the name of the
 * control that gets keyboard / switch focus (labels only: an input's <label>, never its value).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { SnapshotFrom } from 'xstate';
import { flowStep, type kioskMachine, type Lang } from '../machine/kiosk-machine';
import type { PromptId, VoiceLang } from './prompts';
import { noticePrompts, screenPrompt, type Scene } from './scene';
import { loadedVoiceEngine, withVoice } from './voice';

export function sceneOf(snapshot: SnapshotFrom<typeof kioskMachine>): Scene {
  return {
    step: flowStep(snapshot.value),
    materialsCamera: snapshot.matches({ session: { flow: { materials: 'camera' } } }),
    printed: snapshot.context.print ? snapshot.context.print.printed : null,
    idleWarning: snapshot.matches({ session: { idle: 'warning' } }),
    devices: snapshot.context.devices,
  };
}

export function useVoiceGuidance(snapshot: SnapshotFrom<typeof kioskMachine>): void {
  const { voice, volume, lang } = snapshot.context.settings;
  const scene = sceneOf(snapshot);
  const prompt = screenPrompt(scene);
  const notices = noticePrompts(scene);
  const help = snapshot.context.help;
  const said = useRef<{ prompt: PromptId | null; lang: Lang; notices: PromptId[] } | null>(null);

  useEffect(() => {
    if (!voice) {
      if (said.current) withVoice((e) => e.stop());
      said.current = null;
      return;
    }
    const before = said.current;
    said.current = { prompt, lang, notices };
    if (!before || before.prompt !== prompt || before.lang !== lang) {
      withVoice((e) => (prompt ? e.sayPrompts([prompt, ...notices], lang, volume) : e.stop()));
      return;
    }
    const added = notices.filter((n) => !before.notices.includes(n));
    if (added.length) withVoice((e) => e.sayPrompts(added, lang, volume));
    // volume is read when speaking; changing it alone must not replay the prompt.
  }, [voice, prompt, lang, notices.join()]);

  useEffect(() => {
    if (voice && help === 'called') withVoice((e) => e.sayPrompts(['helpCalled'], lang, volume));
  }, [help]);

  useEffect(() => {
    loadedVoiceEngine()?.setVolume(volume);
  }, [volume]);

  // Reading the focused control: keyboard and switch users (focus-visible), not every touch.
  const current = useRef({ lang, volume });
  current.current = { lang, volume };
  useEffect(() => {
    if (!voice) return;
    const onFocus = (event: FocusEvent) => {
      const el = event.target;
      if (!(el instanceof HTMLElement) || !isControl(el) || !el.matches(':focus-visible')) return;
      const name = accessibleName(el, current.current.lang);
      const { lang: l, volume: v } = current.current;
      if (name) withVoice((e) => e.sayLabel(name, langOf(el, l), v));
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [voice]);
}

const CONTROLS = 'button, a[href], input, select, textarea, [role="button"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="option"], [role="link"]';

function isControl(el: HTMLElement): boolean {
  return el.matches(CONTROLS);
}

/** The language a control is written in (the language switch is labelled in the other language). */
function langOf(el: HTMLElement, fallback: Lang): VoiceLang {
  const l = el.closest<HTMLElement>('[lang]')?.lang.toLowerCase() ?? '';
  if (l.startsWith('en')) return 'en';
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('ug')) return 'ug';
  return fallback;
}

const stateWords: Record<VoiceLang, { on: string; off: string; filled: string; empty: string }> = {
  zh: { on: '已开启', off: '未开启', filled: '已填写', empty: '未填写' },
  en: { on: 'on', off: 'off', filled: 'filled in', empty: 'empty' },
  // Machine-translated.
  ug: { on: 'ئوچۇق', off: 'تاقاق', filled: 'تولدۇرۇلدى', empty: 'تولدۇرۇلمىدى' },
};

/**
 * A control's name as a screen reader would say it, from labels only: aria-label, aria-labelledby, an
 * input's <label>, else a button's own words; plus its pressed / checked state. What a control shows
 * of the citizen's data is never part of it: a form field's button (`[data-field]`, kiosk/src/screens/
 * apply.tsx) is read by its label and 已填写 / 未填写, and any text marked as a value (`.field-text`,
 * `[data-private]`), form controls and `<output>` are cut out before the words are taken.
 */
export function accessibleName(el: HTMLElement, lang: VoiceLang): string {
  const text = (node: Element | null) => (node ? spokenText(withoutValues(node)) : '');
  const w = stateWords[lang];
  if (el.matches('[data-field]')) {
    const label = text(document.getElementById(`${el.id}-label`)) || text(el.querySelector('.visually-hidden'));
    return label ? `${label.replace(/[:：]\s*$/, '')}，${el.querySelector('.placeholder') ? w.empty : w.filled}` : '';
  }
  let name = el.getAttribute('aria-label')?.trim() ?? '';
  if (!name) {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) name = ids.split(/\s+/).map((id) => text(document.getElementById(id))).filter(Boolean).join(' ');
  }
  if (!name && (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement)) {
    name = el.labels?.length ? [...el.labels].map(text).join(' ') : (el.getAttribute('title') ?? '');
  } else if (!name) name = text(el);
  const pressed = el.getAttribute('aria-pressed') ?? el.getAttribute('aria-checked');
  if (name && (pressed === 'true' || pressed === 'false')) name += `，${pressed === 'true' ? w.on : w.off}`;
  return name;
}

/** A copy of `node` without what holds values: form controls, outputs, value text, hidden decoration. */
function withoutValues(node: Element): Element {
  const clone = node.cloneNode(true) as Element;
  clone.querySelectorAll('input, textarea, select, output, .field-text, [data-private], [aria-hidden="true"]').forEach((c) => c.remove());
  return clone;
}

/** An element's words, with a pause (，) between its child elements: 新生儿姓名，本人填写 — not 新生儿姓名本人填写. */
function spokenText(node: Element): string {
  const parts: string[] = [''];
  for (const n of node.childNodes) {
    if (n.nodeType === Node.TEXT_NODE) parts[parts.length - 1] += n.textContent ?? '';
    else parts.push(n.textContent ?? '', '');
  }
  return parts
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('，');
}
