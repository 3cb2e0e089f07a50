import { useEffect, useState } from 'preact/hooks';

/** Seconds left until a deadline, re-rendered every second. */
export function useCountdown(deadline: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return Math.max(0, Math.ceil((deadline - now) / 1000));
}
