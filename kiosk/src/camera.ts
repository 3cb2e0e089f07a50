/**
 * The camera stays in the browser (getUserMedia). Every stream opened goes through here so that
 * leaving a camera step, or ending the session, provably releases it: `releaseAll()` stops every
 * track, and `liveTrackCount()` lets the end-to-end tests check that none is left running.
 */
const streams = new Set<MediaStream>();

export async function openCamera(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480, facingMode: 'user' }, audio: false });
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
