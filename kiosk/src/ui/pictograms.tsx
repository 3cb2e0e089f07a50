/**
 * Pictograms for life stages and services: simple strokes, drawn in currentColor so themes apply.
 * Decorative (aria-hidden): every pictogram stands next to its text.
 */
import type { JSX } from 'preact';

/**
 * Functions, not JSX constants: Preact writes into every vnode it renders (its parent, its DOM
 * node), so a vnode kept in a module would hold the last screen it was drawn on, detached DOM and
 * the statechart snapshot of that render included, for as long as the page lives.
 */
const paths: Record<string, () => JSX.Element> = {
  baby: () => (
    <>
      <circle cx="32" cy="22" r="12" />
      <path d="M16 56c2-12 8-18 16-18s14 6 16 18" />
      <path d="M27 21h.01M37 21h.01M28 27c2 2 6 2 8 0" />
    </>
  ),
  school: () => (
    <>
      <path d="M4 24 32 12l28 12-28 12z" />
      <path d="M14 29v14c6 6 30 6 36 0V29" />
      <path d="M58 25v16" />
    </>
  ),
  work: () => (
    <>
      <rect x="8" y="20" width="48" height="34" rx="4" />
      <path d="M24 20v-6h16v6M8 34h48" />
    </>
  ),
  house: () => (
    <>
      <path d="M8 30 32 10l24 20" />
      <path d="M14 26v28h36V26" />
      <path d="M27 54V40h10v14" />
    </>
  ),
  rings: () => (
    <>
      <circle cx="24" cy="38" r="14" />
      <circle cx="40" cy="38" r="14" />
      <path d="M28 12h8l-4 8z" />
    </>
  ),
  hand: () => (
    <>
      <path d="M10 40h14l12 6 18-8c4-2 6 4 2 6L34 56l-24-4" />
      <path d="M32 30c-6-6-12-10-8-16 3-4 8-2 8 2 0-4 5-6 8-2 4 6-2 10-8 16z" />
    </>
  ),
  elder: () => (
    <>
      <circle cx="30" cy="12" r="7" />
      <path d="M30 20v18l-8 18M30 38l8 18M30 26l-10 8M30 26l12 6" />
      <path d="M46 30v26" />
    </>
  ),
  flower: () => (
    <>
      <circle cx="32" cy="22" r="6" />
      <path d="M32 16c0-8 10-8 8 0M38 22c8 0 8 10 0 8M32 28c0 8-10 8-8 0M26 22c-8 0-8-10 0-8" />
      <path d="M32 30v26M32 46c-6-6-12-4-14 0M32 42c6-6 12-4 14 0" />
    </>
  ),
  shop: () => (
    <>
      <path d="M8 24l6-12h36l6 12z" />
      <path d="M12 24v30h40V24" />
      <path d="M26 54V38h12v16" />
    </>
  ),
  edit: () => (
    <>
      <path d="M12 52l4-14 28-28 10 10-28 28z" />
      <path d="M38 16l10 10" />
    </>
  ),
  exit: () => (
    <>
      <path d="M28 10H12v44h16" />
      <path d="M26 32h28M44 22l10 10-10 10" />
    </>
  ),
  card: () => (
    <>
      <rect x="6" y="14" width="52" height="36" rx="4" />
      <circle cx="20" cy="30" r="6" />
      <path d="M14 44c2-4 10-4 12 0M34 26h16M34 34h16M34 42h10" />
    </>
  ),
  guide: () => (
    <>
      <path d="M12 8h30l10 10v38H12z" />
      <path d="M20 26h24M20 34h24M20 42h16" />
    </>
  ),
  /** 准营: a licence with a seal and a tick. */
  permit: () => (
    <>
      <path d="M12 6h40v52H12z" />
      <path d="M20 18h24M20 26h24M20 34h12" />
      <circle cx="42" cy="46" r="7" />
      <path d="M39 46l2 2 4-4" />
    </>
  ),
  /** 投资建设: a tower crane over a building. */
  crane: () => (
    <>
      <path d="M16 58V10M16 10h40M16 18L28 10M52 10v14" />
      <path d="M48 24h8v6h-8z" />
      <path d="M30 58V38h22v20M36 46h4M44 46h4" />
      <path d="M8 58h52" />
    </>
  ),
  printer: () => (
    <>
      <rect x="8" y="24" width="48" height="20" rx="3" />
      <path d="M18 24V8h28v16M18 38h28v18H18z" />
    </>
  ),
  star: () => <path d="M32 6l8 17 18 2-13 12 4 18-17-9-17 9 4-18L6 25l18-2z" />,
  qr: () => (
    <>
      <rect x="8" y="8" width="18" height="18" />
      <rect x="38" y="8" width="18" height="18" />
      <rect x="8" y="38" width="18" height="18" />
      <path d="M38 38h6v6h-6zM50 44h6v12h-12v-6M44 50h-6" />
    </>
  ),
};

/** Names a catalog may use for a stage's `icon`. */
export const pictogramNames: readonly string[] = Object.keys(paths);

export function Pictogram({ name, size }: { name: string; size?: number }) {
  return (
    <svg
      viewBox="0 0 64 64"
      width={size}
      height={size}
      fill="none"
      stroke="currentColor"
      stroke-width="4"
      stroke-linecap="round"
      stroke-linejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {(paths[name] ?? paths.guide!)()}
    </svg>
  );
}
