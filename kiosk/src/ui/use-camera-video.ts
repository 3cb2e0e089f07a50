/**
 * The live camera in a <video>: opened when the step shows, released when it goes, for whatever
 * reason (every stream goes through kiosk/src/camera.ts). Used by the face step and the document
 * camera of the materials step.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { openCamera, releaseStream } from '../camera';

export function useCameraVideo(kind: 'face' | 'document', onFailed: (error: Error) => void) {
  const video = useRef<HTMLVideoElement | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    openCamera(kind)
      .then((s) => {
        if (cancelled) return releaseStream(s);
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play().then(() => setReady(true)).catch(() => setReady(true));
        }
      })
      .catch((e: Error) => onFailed(e));
    return () => {
      cancelled = true;
      releaseStream(stream);
      if (video.current) video.current.srcObject = null;
    };
  }, []);
  return { video, ready };
}
