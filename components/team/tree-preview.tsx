// "Preview as worker" for a conversation-tree project: its tasks are made by the tree engine from the conversation
// so far, so there is no example item to run. Says plainly what a worker sees for each kind and what it pays.
import { treeTaskKinds } from '@/lib/trees/settings';
import type { TreeFormValues } from './tree-form-values';

const whatWorkersSee: Record<(typeof treeTaskKinds)[number], { title: string; body: string }> = {
  WRITE_PROMPT: { title: 'Write a prompt', body: 'A text box: “Write the first message a user would send to an AI assistant.”' },
  REPLY: { title: 'Reply', body: 'The conversation so far, then a text box to reply as the assistant or as the user.' },
  REVIEW: { title: 'Review a message', body: 'The conversation, the message framed, “spam?” yes/no, each review label on a 0–1 scale, and a red flag.' },
  RANK: { title: 'Rank replies', body: 'The conversation, then the sibling replies to put in order, best first.' },
};

export function TreePreview({ title, values }: { title: string; values: TreeFormValues }) {
  // With the team's prompts there is no "write a prompt" task.
  const kinds = treeTaskKinds.filter((kind) => kind !== 'WRITE_PROMPT' || values.promptSource === 'workers');
  return (
    <section aria-label="Preview as worker" className="space-y-2">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Preview as worker</h2>
      <div data-testid="worker-preview" className="mx-auto w-[390px] max-w-full space-y-3 rounded-[2.5rem] border-[10px] border-zinc-900 bg-white px-4 py-5 text-zinc-900 shadow-xl dark:border-zinc-700 dark:bg-zinc-950 dark:text-zinc-100">
        <p className="text-lg font-bold leading-snug">{title.trim() || 'Untitled project'}</p>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Workers see this project as “Conversation tree”. Each task is one of these kinds, made from the conversation as it grows
          {values.promptSource === 'team' ? ', starting from the prompts you upload' : ', starting from a prompt a worker writes'}:
        </p>
        <ul className="space-y-2">
          {kinds.map((kind) => (
            <li key={kind} className="rounded-2xl bg-zinc-50 p-3 text-sm dark:bg-zinc-900">
              <p className="font-semibold">
                {whatWorkersSee[kind].title} · {Number(values.rewardsSats[kind]) > 0 ? `${Number(values.rewardsSats[kind]).toLocaleString('en-US')} sats` : 'reward not set'}
              </p>
              <p className="mt-1 text-zinc-600 dark:text-zinc-400">{whatWorkersSee[kind].body}</p>
            </li>
          ))}
        </ul>
        <p className="text-xs text-zinc-500">Nobody reviews or ranks their own message.</p>
      </div>
    </section>
  );
}
