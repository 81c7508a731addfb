'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import {
  createDepositAction,
  getDepositStatusAction,
  payDepositWithDemoWalletAction,
  type CreateDepositResult,
} from '@/lib/funding/actions';
import type { DepositDto } from '@/lib/funding/queries';
import { depositAmountSatsSchema, MAX_DEPOSIT_SATS, MIN_DEPOSIT_SATS } from '@/lib/funding/schemas';
import { CopyButton } from '@/components/ui/copy-button';

type Invoice = Extract<CreateDepositResult, { ok: true }>;
const sats = (amount: string) => `${Number(amount).toLocaleString('en-US')} sats`;
const POLL_MS = 1500;

export function FundPanel({ projectId, suggestedSats, isDemo }: { projectId: string; suggestedSats: string; isDemo: boolean }) {
  const router = useRouter();
  const [amount, setAmount] = useState(suggestedSats);
  const [invoice, setInvoice] = useState<Invoice | null>(null);
  const [deposit, setDeposit] = useState<DepositDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  const create = () =>
    startTransition(async () => {
      setError(null);
      const parsed = depositAmountSatsSchema.safeParse(amount);
      if (!parsed.success) {
        setError(parsed.error.issues[0]?.message ?? 'Invalid amount.');
        return;
      }
      // One key per click: a retried request returns the same invoice instead of a second one.
      const result = await createDepositAction({ projectId, amountSats: parsed.data, idempotencyKey: crypto.randomUUID() });
      if (result.ok) {
        setInvoice(result);
        setDeposit(null);
      } else setError(result.error);
    });

  const status = deposit?.status ?? 'PENDING';

  useEffect(() => {
    if (!invoice) return;
    let stopped = false;
    const poll = async () => {
      try {
        const next = await getDepositStatusAction(invoice.depositId);
        if (stopped || !next) return;
        setDeposit(next);
        if (next.status !== 'PENDING') {
          stopped = true;
          if (next.status === 'PAID') router.refresh();
        }
      } catch {
        // flaky network: the next tick retries
      }
    };
    const timer = setInterval(() => {
      if (stopped) clearInterval(timer);
      else void poll();
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [invoice, router]);

  const payWithDemoWallet = () =>
    startTransition(async () => {
      if (!invoice) return;
      setError(null);
      const result = await payDepositWithDemoWalletAction(invoice.depositId);
      if (!result.ok) setError(result.reason ?? 'The demo wallet failed.');
    });

  const reset = () => {
    setInvoice(null);
    setDeposit(null);
    setError(null);
  };

  if (!invoice) {
    return (
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          create();
        }}
      >
        <label className="block space-y-1">
          <span className="text-sm font-medium">Amount (sats)</span>
          <input
            name="amountSats"
            type="number"
            inputMode="numeric"
            min={MIN_DEPOSIT_SATS}
            max={MAX_DEPOSIT_SATS}
            step={1}
            required
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            aria-describedby="deposit-limits"
            className="w-full rounded-xl border border-zinc-300 px-4 py-3 text-lg tabular-nums dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        {/* Visible, not a tooltip: the minimum is the first refusal a new team would otherwise meet. */}
        <p id="deposit-limits" className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="deposit-limits">
          Minimum {MIN_DEPOSIT_SATS.toLocaleString('en-US')} sats, maximum {MAX_DEPOSIT_SATS.toLocaleString('en-US')} sats per deposit.
        </p>
        <button type="submit" disabled={isPending} className="w-full rounded-xl bg-bolt-700 px-5 py-3 text-lg font-semibold text-white disabled:opacity-60">
          {isPending ? 'Creating invoice…' : 'Create invoice'}
        </button>
        {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      </form>
    );
  }

  const isPaid = status === 'PAID';
  const isClosed = status === 'EXPIRED' || status === 'CANCELLED';
  const statusText = isPaid
    ? `Paid — escrow credited with ${sats(deposit?.amountSats ?? invoice.amountSats)}`
    : isClosed
      ? 'This invoice expired unpaid. Create a new one to fund the project.'
      : `Waiting for payment of ${sats(invoice.amountSats)}…`;

  return (
    <div className="flex flex-col items-center gap-4">
      {!isPaid && !isClosed && (
        <>
          <p className="text-center text-sm text-zinc-600 dark:text-zinc-400">
            Scan with a Lightning wallet to pay {sats(invoice.amountSats)}. The invoice expires at{' '}
            {new Date(invoice.expiresAt).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' })}.
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on our server */}
          <img src={invoice.qrDataUrl} alt="Lightning invoice QR code" width={280} height={280} className="rounded-2xl bg-white p-2 shadow-sm" />
          <div className="grid w-full grid-cols-2 gap-2">
            <a href={`lightning:${invoice.bolt11}`} className="rounded-xl bg-bolt-700 px-3 py-3 text-center font-semibold text-white">
              Open in wallet
            </a>
            <CopyButton key={invoice.bolt11} text={invoice.bolt11} label="Copy invoice" copiedLabel="Copied" className="rounded-xl border border-zinc-300 px-3 py-3 text-sm font-medium dark:border-zinc-700" />
          </div>
          <code className="block w-full break-all rounded-lg bg-zinc-100 p-2 font-mono text-xs dark:bg-zinc-900" data-testid="deposit-bolt11">
            {invoice.bolt11}
          </code>
          {isDemo && (
            <button
              type="button"
              onClick={payWithDemoWallet}
              disabled={isPending}
              className="w-full rounded-xl border-2 border-dashed border-bolt-400 px-5 py-3 font-medium text-bolt-700 disabled:opacity-60 dark:text-bolt-400"
            >
              Pay with the demo wallet
            </button>
          )}
        </>
      )}
      <p
        role="status"
        aria-live="polite"
        data-testid="deposit-status"
        className={`w-full rounded-2xl p-4 text-center font-medium ${isPaid ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-zinc-100 dark:bg-zinc-800'}`}
      >
        {statusText}
      </p>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      {(isPaid || isClosed) && (
        <button type="button" onClick={reset} className="text-sm font-medium text-bolt-700 underline dark:text-bolt-400">
          {isPaid ? 'Fund again' : 'Create a new invoice'}
        </button>
      )}
    </div>
  );
}
