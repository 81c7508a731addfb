import { useEffect, useState } from 'react';

/**
 * Whole seconds until `end` (epoch ms on this phone's clock), ticking once a second; 0 once it has passed. The first
 * render shows `initialSeconds`, the figure the server rendered, so hydration matches whatever the phone's clock says.
 */
export function useCountdown(end: number, initialSeconds: number): number {
  const [left, setLeft] = useState(initialSeconds);
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, Math.ceil((end - Date.now()) / 1000)));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [end]);
  return left;
}

export function formatClock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
