'use client';
import { createContext } from 'react';

/**
 * Set by the task loop while the phone is offline, to the note saying the answer is kept on the phone. The action
 * bar shows it on top (in the flow it would sit under the bar), and a control waiting to send says it is waiting for
 * a connection rather than sending. Its own module: the task loop's first-load JS must not pull in the widgets' kit.
 */
export const OfflineNote = createContext<string | null>(null);
