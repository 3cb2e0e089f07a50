/**
 * A signature pad: the citizen signs with a finger; the signature is kept as vector strokes of
 * [x, y, t] points (x, y in 0‥1 of the pad, t in ms since the first touch), drawn as SVG — no image
 * is made. Strokes are rounded to 3 decimals; a stroke is reported when the finger lifts.
 */
import { useRef, useState } from 'preact/hooks';
import type { Strokes } from '../machine/kiosk-machine';
import { MAX_SIGNATURE_POINTS } from '../../../core/protocol/photo-limits';

export function SignaturePad({ strokes, onChange, label, clearLabel }: { strokes: Strokes | null; onChange: (s: Strokes | null) => void; label: string; clearLabel: string }) {
  const pad = useRef<HTMLDivElement | null>(null);
  // The stroke being drawn lives in a ref (pointer events come faster than renders) and in state (to draw it).
  const drawing = useRef<Strokes[number] | null>(null);
  const [current, setCurrent] = useState<Strokes[number] | null>(null);
  const t0 = useRef<number | null>(null);
  const point = (e: PointerEvent): [number, number, number] => {
    const r = pad.current!.getBoundingClientRect();
    if (t0.current === null) t0.current = e.timeStamp;
    const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
    return [clamp((e.clientX - r.left) / r.width), clamp((e.clientY - r.top) / r.height), Math.max(0, Math.round(e.timeStamp - t0.current))];
  };
  const all = [...(strokes ?? []), ...(current ? [current] : [])];
  return (
    <div>
      <div
        ref={pad}
        class="signature-pad"
        role="img"
        aria-label={label}
        data-testid="signature-pad"
        onPointerDown={(e) => {
          (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
          drawing.current = [point(e)];
          setCurrent(drawing.current);
        }}
        onPointerMove={(e) => {
          if (!drawing.current || drawing.current.length >= 2000) return;
          // The protocol's limit on a whole signature (core/protocol/photo-limits.ts): further points are not kept.
          if ((strokes ?? []).reduce((n, st) => n + st.length, 0) + drawing.current.length >= MAX_SIGNATURE_POINTS) return;
          drawing.current = [...drawing.current, point(e)];
          setCurrent(drawing.current);
        }}
        onPointerUp={() => {
          const stroke = drawing.current;
          drawing.current = null;
          if (stroke && stroke.length > 1) onChange([...(strokes ?? []), stroke].slice(0, 100));
          setCurrent(null);
        }}
        onPointerCancel={() => {
          drawing.current = null;
          setCurrent(null);
        }}
      >
        <svg viewBox="0 0 1000 400" preserveAspectRatio="none" aria-hidden="true">
          {all.map((st, i) => (
            <polyline key={i} points={st.map(([x, y]) => `${x * 1000},${y * 400}`).join(' ')} fill="none" stroke="currentColor" stroke-width="6" stroke-linecap="round" stroke-linejoin="round" />
          ))}
        </svg>
        {all.length === 0 && <span class="signature-hint">{label}</span>}
      </div>
      <button class="btn" type="button" disabled={!strokes} onClick={() => ((t0.current = null), onChange(null))}>
        {clearLabel}
      </button>
    </div>
  );
}
