/**
 * 手写板: a canvas the citizen writes one character on with a finger (pointer events); after each
 * stroke the strokes go to the bridge's recogniser and the candidates bar fills; a candidate is
 * picked like a pinyin one. 撤销 takes the last stroke back, 重写 clears the pad. The strokes live in
 * this component only (never in the statechart, never logged) and go when it unmounts.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Lang } from '../machine/kiosk-machine';
import { inputStrings } from './i18n-input';
import { addPoint, canBeginStroke, recogniseHandwriting, type Point } from './handwriting';

const SHOWN = 8;

export function HandwritingPad({ lang, label, onPick }: { lang: Lang; label: string; onPick: (text: string) => void }) {
  const s = inputStrings[lang];
  const canvas = useRef<HTMLCanvasElement | null>(null);
  const strokes = useRef<Point[][]>([]);
  const drawing = useRef<number | null>(null);
  const asked = useRef(0);
  const [count, setCount] = useState(0);
  const [candidates, setCandidates] = useState<string[]>([]);
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');

  const redraw = () => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    g.clearRect(0, 0, c.width, c.height);
    g.lineCap = 'round';
    g.lineJoin = 'round';
    g.lineWidth = Math.max(6, c.width / 40);
    g.strokeStyle = getComputedStyle(c).color;
    for (const st of strokes.current) {
      g.beginPath();
      st.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      if (st.length === 1) g.lineTo(st[0]![0] + 0.1, st[0]![1]);
      g.stroke();
    }
  };

  // The canvas's bitmap follows its CSS size (elder mode makes it larger).
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const fit = () => {
      const r = c.getBoundingClientRect();
      const w = Math.max(1, Math.round(r.width));
      const h = Math.max(1, Math.round(r.height));
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
        strokes.current = [];
        setCount(0);
        setCandidates([]);
      }
      redraw();
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(c);
    return () => {
      ro.disconnect();
      strokes.current = [];
    };
  }, []);

  const recognise = () => {
    const c = canvas.current;
    const written = strokes.current.filter((st) => st.length > 0);
    const ticket = ++asked.current;
    if (!c || written.length === 0) {
      setCandidates([]);
      setState('idle');
      return;
    }
    setState('busy');
    recogniseHandwriting({ width: c.width, height: c.height, strokes: written.map((st) => st.map(([x, y]) => [Math.round(x), Math.round(y)] as Point)) }).then(
      (list) => {
        if (ticket !== asked.current) return;
        setCandidates(list);
        setState('idle');
      },
      () => {
        if (ticket !== asked.current) return;
        setCandidates([]);
        setState('failed');
      },
    );
  };

  const at = (e: PointerEvent): Point => {
    const c = canvas.current!;
    const r = c.getBoundingClientRect();
    const x = Math.min(c.width, Math.max(0, ((e.clientX - r.left) * c.width) / Math.max(1, r.width)));
    const y = Math.min(c.height, Math.max(0, ((e.clientY - r.top) * c.height) / Math.max(1, r.height)));
    return [Math.round(x), Math.round(y)];
  };
  const clear = () => {
    strokes.current = [];
    asked.current++;
    setCount(0);
    setCandidates([]);
    setState('idle');
    redraw();
  };
  const pick = (text: string) => {
    onPick(text);
    clear();
  };

  return (
    <div class="handwriting" role="group" aria-label={s.handwritingPad(label)} data-testid="handwriting-pad">
      <div class="candidate-bar" dir="ltr" role="group" aria-label={s.candidates} data-testid="handwriting-candidates">
        {state === 'busy' && candidates.length === 0 && <span class="candidate-label" role="status">{s.recognising}</span>}
        {state === 'failed' && (
          <span class="candidate-label" role="alert">
            {s.handwritingUnavailable}
          </span>
        )}
        {state !== 'failed' && count === 0 && <span class="candidate-label">{s.handwritingHint}</span>}
        {candidates.slice(0, SHOWN).map((c) => (
          <button key={c} type="button" class="btn key candidate" data-candidate={c} onClick={() => pick(c)}>
            {c}
          </button>
        ))}
      </div>
      <canvas
        ref={canvas}
        class="handwriting-canvas"
        role="img"
        aria-label={s.handwritingCanvas}
        data-testid="handwriting-canvas"
        onPointerDown={(e) => {
          if (!canBeginStroke(strokes.current)) return;
          e.preventDefault();
          canvas.current?.setPointerCapture?.(e.pointerId);
          drawing.current = e.pointerId;
          strokes.current.push([at(e)]);
          setCount(strokes.current.length);
          redraw();
        }}
        onPointerMove={(e) => {
          if (drawing.current !== e.pointerId) return;
          if (addPoint(strokes.current, at(e))) redraw();
        }}
        onPointerUp={(e) => {
          if (drawing.current !== e.pointerId) return;
          drawing.current = null;
          addPoint(strokes.current, at(e), 1);
          recognise();
        }}
        onPointerCancel={() => {
          if (drawing.current === null) return;
          drawing.current = null;
          recognise();
        }}
      />
      <div class="keyboard-row handwriting-actions">
        <button
          type="button"
          class="btn key key-wide"
          data-key="undo-stroke"
          disabled={count === 0}
          onClick={() => {
            strokes.current.pop();
            setCount(strokes.current.length);
            redraw();
            recognise();
          }}
        >
          {s.undoStroke}
        </button>
        <button type="button" class="btn key key-wide" data-key="rewrite" disabled={count === 0} onClick={clear}>
          {s.rewrite}
        </button>
      </div>
    </div>
  );
}
