/**
 * Screens a person behind cannot read: an ID number or bank card number is shown masked
 * (110105********002X, 6222 **** **** 0123) and revealed only while the citizen holds 按住查看
 * (pointer or key held). Unrevealed, the full number is nowhere in the DOM: not in text, not in an
 * attribute, not in an accessible name.
 */
import { useEffect, useState } from 'preact/hooks';
import { maskIdNumber } from '../../../core/identity';
import { nationNames, sexNames } from '../../../core/identity-codes';
import type { Lang } from '../machine/kiosk-machine';

/** 6222021234567890123 → 6222***********0123: the bank's first four and the last four. */
export function maskBankCard(n: string): string {
  if (n.length <= 8) return '*'.repeat(n.length);
  return n.slice(0, 4) + '*'.repeat(n.length - 8) + n.slice(-4);
}

export type SensitiveKind = 'idNumber' | 'bankAccount';
export const isSensitive = (type: string): type is SensitiveKind => type === 'idNumber' || type === 'bankAccount';
export const maskSensitive = (type: SensitiveKind, value: string) => (type === 'idNumber' ? maskIdNumber(value) : maskBankCard(value));

const holdLabel: Record<string, { hold: string; label: (what: string) => string }> = {
  zh: { hold: '按住查看', label: (w) => `按住查看完整${w}` },
  en: { hold: 'Hold to see', label: (w) => `Hold to see the full ${w}` },
  // Machine-translated (input engineer): needs a human translator.
  ug: { hold: 'بېسىپ تۇرۇپ كۆرۈش', label: (w) => `تولۇق ${w} نى كۆرۈش ئۈچۈن بېسىپ تۇرۇڭ` },
};
const what: Record<string, Record<SensitiveKind, string>> = {
  zh: { idNumber: '证件号码', bankAccount: '银行卡号' },
  en: { idNumber: 'ID number', bankAccount: 'card number' },
  ug: { idNumber: 'كىملىك نومۇرى', bankAccount: 'بانكا كارتا نومۇرى' },
};

/** The masked number and a press-and-hold button that shows it in full while held. */
export function MaskedNumber({ type, value, lang, compact = false }: { type: SensitiveKind; value: string; lang: Lang; /** Only the button (and the number while held): the masked text is shown elsewhere. */ compact?: boolean }) {
  const [held, setHeld] = useState(false);
  const t = holdLabel[lang] ?? holdLabel.zh!;
  const w = (what[lang] ?? what.zh!)[type];
  // Let go anywhere (or the page hidden): masked again.
  useEffect(() => {
    if (!held) return;
    const release = () => setHeld(false);
    window.addEventListener('pointerup', release);
    window.addEventListener('pointercancel', release);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('pointerup', release);
      window.removeEventListener('pointercancel', release);
      window.removeEventListener('blur', release);
    };
  }, [held]);
  if (!value) return null;
  const groups = type === 'bankAccount' ? 4 : 0;
  const text = held ? value : maskSensitive(type, value);
  const shown = groups ? text.replace(/(.{4})(?=.)/g, '$1 ') : text;
  return (
    <span class="masked-number" data-masked={held ? 'false' : 'true'}>
      {!compact && (
        <bdi dir="ltr" class="masked-value">
          {shown}
        </bdi>
      )}
      <button
        type="button"
        class="btn reveal"
        aria-pressed={held}
        aria-label={t.label(w)}
        data-reveal={type}
        onPointerDown={(e) => {
          e.preventDefault();
          e.stopPropagation();
          // Held until let go, even if the finger slides a little off the button.
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          setHeld(true);
        }}
        onPointerUp={() => setHeld(false)}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && (e.preventDefault(), setHeld(true))}
        onKeyUp={() => setHeld(false)}
        onBlur={() => setHeld(false)}
      >
        {t.hold}
      </button>
      {compact && held && (
        <bdi dir="ltr" class="masked-value">
          {shown}
        </bdi>
      )}
    </span>
  );
}

/** 性别 in words (GB/T 2261.1), 民族 with 族 (GB 3304), from the card's codes. */
export function sexText(code: string, lang: Lang): string {
  const n = sexNames[code];
  return n ? (lang === 'en' ? n.en : n.zh) : '';
}
export function nationText(code: string): string {
  const n = nationNames[code];
  if (!n) return '';
  return n === '其他' || n === '外国血统中国籍人士' ? n : `${n}族`;
}
