import { useEffect, useState } from 'react';

/** Whole seconds until `deadline` (epoch ms or an ISO date), ticking once a second; 0 once it has passed. */
export function useCountdown(deadline: number | string): number {
  const end = typeof deadline === 'number' ? deadline : new Date(deadline).getTime();
  const [left, setLeft] = useState(() => Math.max(0, Math.ceil((end - Date.now()) / 1000)));
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
