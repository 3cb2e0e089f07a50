/**
 * The camera stays in the browser (getUserMedia). Every stream opened goes through here so that
 * leaving a camera step, or ending the session, provably releases it: `releaseAll()` stops every
 * track, and `liveTrackCount()` lets the end-to-end tests check that none is left running.
 */
const streams = new Set<MediaStream>();

/** 'face' for the live photo; 'document' for materials (the document camera, higher resolution). */
export async function openCamera(kind: 'face' | 'document' = 'face'): Promise<MediaStream> {
  const video = kind === 'face' ? { width: 640, height: 480, facingMode: 'user' } : { width: { ideal: 1600 }, height: { ideal: 1200 }, facingMode: 'environment' };
  const stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
  streams.add(stream);
  return stream;
}

export function releaseStream(stream: MediaStream | null): void {
  if (!stream) return;
  stream.getTracks().forEach((t) => t.stop());
  streams.delete(stream);
}

export function releaseAll(): void {
  for (const s of [...streams]) releaseStream(s);
}

export function liveTrackCount(): number {
  let n = 0;
  for (const s of streams) n += s.getTracks().filter((t) => t.readyState === 'live').length;
  return n;
}

/** One frame as a small JPEG data URL: only what the verifier needs, kept in memory. */
export function captureFrame(video: HTMLVideoElement): string {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/jpeg', 0.8);
}

/**
 * One frame of a document: a JPEG data URL small enough for the submission (MAX_PHOTO_CHARS; the
 * size and quality step down until it fits) and a grey-scale-ready copy ANALYSIS_WIDTH wide for the
 * legibility check. Both live only in this page's memory.
 */
export function captureDocument(video: HTMLVideoElement, maxChars: number, analysisWidth: number): { jpeg: string; pixels: ImageData } {
  const w = video.videoWidth || 640;
  const h = video.videoHeight || 480;
  const canvas = document.createElement('canvas');
  let jpeg = '';
  for (const [scale, quality] of [[1, 0.85], [1, 0.7], [0.75, 0.7], [0.5, 0.7], [0.35, 0.6]] as const) {
    const s = Math.min(scale, 1600 / w);
    canvas.width = Math.round(w * s);
    canvas.height = Math.round(h * s);
    canvas.getContext('2d')!.drawImage(video, 0, 0, canvas.width, canvas.height);
    jpeg = canvas.toDataURL('image/jpeg', quality);
    if (jpeg.length <= maxChars) break;
  }
  const small = document.createElement('canvas');
  small.width = analysisWidth;
  small.height = Math.round((analysisWidth * h) / w);
  const ctx = small.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, small.width, small.height);
  return { jpeg, pixels: ctx.getImageData(0, 0, small.width, small.height) };
}
