'use client';
import { useActionState } from 'react';
import { runWalletSimAction, type WalletSimResult } from '@/lib/wallet-sim/actions';

export function WalletForm() {
  const [state, formAction, isPending] = useActionState<WalletSimResult | null, FormData>(runWalletSimAction, null);
  return (
    <form action={formAction} className="space-y-3">
      <label className="flex flex-col gap-1">
        <span className="text-sm font-medium">LNURL (login or withdraw)</span>
        <textarea name="lnurl" rows={4} required className="rounded-xl border border-zinc-300 p-3 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900" placeholder="LNURL1…" />
      </label>
      <div className="grid grid-cols-2 gap-2">
        <button type="submit" name="action" value="login" disabled={isPending} className="rounded-xl bg-zinc-900 px-4 py-3 font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900">
          Sign login
        </button>
        <button type="submit" name="action" value="withdraw" disabled={isPending} className="rounded-xl bg-bolt-700 px-4 py-3 font-semibold text-white">
          Withdraw
        </button>
      </div>
      {state && (
        <p role="status" className={`break-all rounded-xl p-3 text-sm ${state.ok ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200'}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}
