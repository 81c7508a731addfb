'use client';
import { addRowAction, addRowDataAction } from './actions.js';

/** Puts both actions in the client bundle (an action is only built when a client module imports it). */
export function TapButtons() {
  return (
    <p>
      <button type="button" onClick={() => addRowAction({ worker: 1, value: 'tap' })}>redirect</button>
      <button type="button" onClick={() => addRowDataAction({ worker: 1, value: 'tap' })}>data</button>
    </p>
  );
}
