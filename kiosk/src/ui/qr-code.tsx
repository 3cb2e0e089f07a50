import { renderSVG } from 'uqr';

/** A QR code drawn as inline SVG (dark on white, whatever the theme: scanners need contrast). */
export function QrCode({ data, label }: { data: string; label: string }) {
  return <div class="qr" role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: renderSVG(data, { ecc: 'M', border: 2 }) }} />;
}
