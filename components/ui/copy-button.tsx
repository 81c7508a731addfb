'use client';
import { useState } from 'react';

/** Copies `text` to the clipboard. Shows `copiedLabel` after a tap even when the clipboard API is unavailable. */
export function CopyButton({ text, label, copiedLabel, className }: { text: string; label: string; copiedLabel: string; className?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() => {
        void navigator.clipboard?.writeText(text).catch(() => undefined);
        setCopied(true);
      }}
      className={className ?? 'rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium dark:border-zinc-700'}
    >
      {copied ? copiedLabel : label}
    </button>
  );
}
