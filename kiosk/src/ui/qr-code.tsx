import { useEffect, useState } from 'preact/hooks';
import { renderSVG } from 'uqr';

/** The drawn codes, by data: a screen re-renders on every event, the code does not change. */
const drawn = new Map<string, string>();
function draw(data: string): string {
  let svg = drawn.get(data);
  if (svg === undefined) {
    svg = renderSVG(data, { ecc: 'M', border: 2 });
    if (drawn.size >= 16) drawn.delete(drawn.keys().next().value!);
    drawn.set(data, svg);
  }
  return svg;
}

/**
 * A QR code drawn as inline SVG (dark on white, whatever the theme: scanners need contrast). A code
 * not drawn before is drawn just after the screen's first frame (its box, of fixed size, is there at
 * once): encoding it is a few milliseconds a tap need not wait for.
 */
export function QrCode({ data, label }: { data: string; label: string }) {
  const [svg, setSvg] = useState(() => drawn.get(data) ?? null);
  const current = svg !== null && drawn.get(data) === svg ? svg : null;
  useEffect(() => {
    if (current === null) setSvg(draw(data));
  }, [data, current]);
  return <div class="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: current ?? '' }} />;
}
