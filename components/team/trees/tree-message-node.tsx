import { Markdown } from '@/components/tasks/markdown';
import type { OpenTreeTask, TreeAuthor, TreeMessageDetail } from '@/lib/trees/tree-detail';

// One message of a tree and, nested under it, its replies: role, author (a model's reply is marked as such), the
// review verdict and label averages, its rank among its siblings, red flags, and the tasks still open on it. A
// removed message stays in place, greyed, with its reason. Text is rendered by the sanitizing Markdown component.

const taskLabels: Record<OpenTreeTask['kind'], string> = { WRITE_PROMPT: 'prompt to write', REPLY: 'replies to write', REVIEW: 'reviews', RANK: 'rankings of its replies' };

export function describeOpenTask(task: OpenTreeTask): string {
  return `${taskLabels[task.kind]}: ${task.judgmentsDone} of ${task.judgmentsNeeded} done`;
}

function AuthorTag({ author }: { author: TreeAuthor }) {
  if (author.kind === 'MODEL') {
    return <span className="rounded bg-violet-100 px-1.5 py-0.5 text-violet-900 dark:bg-violet-950 dark:text-violet-200">model: {author.modelName}</span>;
  }
  if (author.kind === 'WORKER') return <span>Worker {author.code}</span>;
  return <span>{author.kind === 'TEAM' ? 'team seed' : 'imported'}</span>;
}

function reviewText(message: TreeMessageDetail): string {
  if (message.author.kind === 'MODEL') return 'not reviewed (model reply)';
  if (message.reviewState === 'PENDING') return message.reviewCount > 0 ? `in review (${message.reviewCount} so far)` : 'awaiting review';
  const verdict = message.reviewState === 'ACCEPTED' ? 'accepted' : 'rejected';
  return message.reviewCount > 0 ? `${verdict}: ${message.acceptVotes} of ${message.reviewCount} reviewers said not spam` : verdict;
}

export function TreeMessageNode({ message, childrenOf }: { message: TreeMessageDetail; childrenOf: Map<string | null, TreeMessageDetail[]> }) {
  const replies = childrenOf.get(message.id) ?? [];
  const siblings = childrenOf.get(message.parentId) ?? [];
  const ranked = siblings.filter((m) => m.rank !== null).length;
  const isRemoved = message.deletedAt !== null;
  const labels = Object.entries(message.labels);
  return (
    <li className="space-y-2" data-testid="tree-message" data-removed={isRemoved ? 'true' : undefined}>
      <article
        aria-label={`${message.role === 'PROMPTER' ? 'User' : 'Assistant'} message at depth ${message.depth}${isRemoved ? ', removed' : ''}`}
        className={`rounded-xl border p-3 text-sm ${isRemoved ? 'border-dashed border-zinc-300 bg-zinc-50 text-zinc-500 dark:border-zinc-700 dark:bg-zinc-900' : message.role === 'PROMPTER' ? 'border-sky-200 bg-sky-50/60 dark:border-sky-900 dark:bg-sky-950/30' : 'border-zinc-200 dark:border-zinc-800'}`}
      >
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
          <span className="font-semibold text-zinc-900 dark:text-zinc-100">{message.role === 'PROMPTER' ? 'User' : 'Assistant'}</span>
          <AuthorTag author={message.author} />
          {message.rank !== null && <span>rank {message.rank + 1} of {ranked}</span>}
          {message.redFlagCount > 0 && <span className="text-red-700 dark:text-red-300">{message.redFlagCount} red flag{message.redFlagCount === 1 ? '' : 's'}</span>}
        </p>
        {isRemoved && <p className="mt-1 text-xs font-semibold">Removed{message.deletedReason ? `: ${message.deletedReason}` : ''}</p>}
        <div className={isRemoved ? 'opacity-70' : undefined}>
          <Markdown className="mt-2 !text-sm">{message.text}</Markdown>
        </div>
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">{reviewText(message)}</p>
        {labels.length > 0 && (
          <p className="text-xs text-zinc-600 dark:text-zinc-400">
            {labels.map(([name, label]) => `${name} ${label.value.toFixed(2)} (${label.count})`).join(' · ')}
          </p>
        )}
        {message.openTasks.length > 0 && (
          <p className="mt-1 text-xs font-medium text-sky-800 dark:text-sky-300">Open: {message.openTasks.map(describeOpenTask).join(' · ')}</p>
        )}
      </article>
      {replies.length > 0 && (
        <ol aria-label={`Replies to this ${message.role === 'PROMPTER' ? 'user' : 'assistant'} message`} className="space-y-2 border-l-2 border-zinc-200 pl-2 sm:pl-4 dark:border-zinc-800">
          {replies.map((reply) => (
            <TreeMessageNode key={reply.id} message={reply} childrenOf={childrenOf} />
          ))}
        </ol>
      )}
    </li>
  );
}
