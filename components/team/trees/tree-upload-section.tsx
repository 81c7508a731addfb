import { ScrollPre } from '@/components/ui/scroll-region';
import { TreeUploadPanel, type TreeUploadKind } from './tree-upload-panel';

// The Upload tab of a conversation-tree project: seed prompts, model replies, gold reviews and oasst trees, each with
// its format.

type Block = { kind: TreeUploadKind; title: string; description: React.ReactNode; examples: { label: string; text: string }[]; accept: string; button: string };

const jsonlOnly = '.jsonl,.ndjson';

const blocks: Block[] = [
  {
    kind: 'seeds',
    title: 'Seed prompts',
    description: (
      <>
        Each new prompt starts a conversation tree, and workers start replying at once. JSONL (one object per line) or CSV/TSV
        with a <code>prompt</code> column; <code>externalId</code> and <code>lang</code> are optional. A prompt already in
        this project (same id, or the same text) is skipped, so uploading a file again changes nothing. Bad lines are listed
        with their line number; the good ones are seeded. Up to 20 MiB and 10,000 lines.
      </>
    ),
    examples: [
      { label: 'Seed file example (JSONL)', text: '{"prompt": "How do volcanoes form?", "externalId": "geo-1"}\n{"prompt": "Explique la photosynthèse simplement.", "lang": "fr"}' },
      { label: 'Seed file example (CSV)', text: 'prompt,externalId\n"How do volcanoes form?",geo-1' },
    ],
    accept: '.jsonl,.ndjson,.csv,.tsv,text/csv,text/tab-separated-values',
    button: 'Upload seed prompts',
  },
  {
    kind: 'model-replies',
    title: 'Model replies',
    description: (
      <>
        Replies of your models, added beside the workers&rsquo; replies to a user message and ranked blind with them. They
        are marked as the model&rsquo;s, never extended, and never count toward the tree&rsquo;s size. JSONL: the tree
        (<code>treeId</code> or <code>treeExternalId</code>), the message replied to (<code>parentMessageId</code>: its id,
        or <code>&quot;prompt&quot;</code>), <code>modelName</code> and <code>text</code>.
      </>
    ),
    examples: [{ label: 'Model reply file example (JSONL)', text: '{"treeExternalId": "geo-1", "parentMessageId": "prompt", "modelName": "my-model-7b", "text": "Volcanoes form where magma…"}' }],
    accept: jsonlOnly,
    button: 'Upload model replies',
  },
  {
    kind: 'gold-reviews',
    title: 'Gold reviews',
    description: (
      <>
        Messages whose verdict you know, shown to workers exactly like a review task: the onboarding exam asks them first
        (set the exam&rsquo;s questions in Settings), and the gold ratio mixes them into the work. JSONL: the{' '}
        <code>conversation</code> (turns of <code>role</code> &quot;user&quot; or &quot;assistant&quot; and{' '}
        <code>content</code>, starting with the user; the last turn is the message under review), <code>spam</code> (true or
        false, the known verdict) and an optional <code>externalId</code>. A review already in this project (same id; without
        an id, the same conversation) is skipped. Bad lines are listed with their line number; the good ones are added.
      </>
    ),
    examples: [
      {
        label: 'Gold review file example (JSONL)',
        text: '{"conversation": [{"role": "user", "content": "BUY CHEAP PILLS NOW!!!"}], "spam": true, "externalId": "gold-1"}\n{"conversation": [{"role": "user", "content": "How long should I boil an egg?"}, {"role": "assistant", "content": "About 9 to 12 minutes for a hard-boiled egg."}], "spam": false}',
      },
    ],
    accept: jsonlOnly,
    button: 'Upload gold reviews',
  },
  {
    kind: 'oasst',
    title: 'OpenAssistant trees',
    description: (
      <>
        Trees in OpenAssistant&rsquo;s export shape (oasst1/oasst2 <code>*_tree.jsonl</code>), one per line. Trees still
        growing in the file grow on here; a tree already imported (same <code>message_tree_id</code>) is skipped.
      </>
    ),
    examples: [],
    accept: jsonlOnly,
    button: 'Upload oasst trees',
  },
];

type GoldSummary = { goldReviews: number; examGoldCount: number; goldRatio: number };

/** What the gold reviews are used for now, and whether the exam has enough of them to ask. */
function GoldSummaryLine({ gold }: { gold: GoldSummary }) {
  const exam = gold.examGoldCount > 0 ? `the exam asks ${gold.examGoldCount}` : 'no exam';
  const short = gold.examGoldCount > gold.goldReviews;
  return (
    <p data-testid="gold-review-count" className={`text-sm ${short ? 'text-amber-700 dark:text-amber-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
      This project has {gold.goldReviews.toLocaleString('en-US')} gold review{gold.goldReviews === 1 ? '' : 's'} · {exam} · gold ratio {Math.round(gold.goldRatio * 1000) / 10}%
      {short && ': add gold reviews, or new workers cannot finish the exam'}
    </p>
  );
}

/** Read-only members never get here (the page shows them a notice); a closed project shows the formats only. */
export function TreeUploadSection({ projectId, isClosed, gold }: { projectId: string; isClosed: boolean; gold: GoldSummary }) {
  return (
    <div className="space-y-8">
      {isClosed && <p className="rounded-xl bg-zinc-100 p-4 text-sm dark:bg-zinc-900">This project is closed: it takes no new trees.</p>}
      {blocks.map((block) => (
        <section key={block.kind} className="space-y-2" aria-labelledby={`upload-${block.kind}`}>
          <h2 id={`upload-${block.kind}`} className="text-lg font-semibold">{block.title}</h2>
          <p className="text-sm text-zinc-600 dark:text-zinc-400">{block.description}</p>
          {block.kind === 'gold-reviews' && <GoldSummaryLine gold={gold} />}
          {block.examples.map((example) => (
            <ScrollPre key={example.label} label={example.label} className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{example.text}</ScrollPre>
          ))}
          {!isClosed && <TreeUploadPanel projectId={projectId} kind={block.kind} accept={block.accept} label={block.button} />}
        </section>
      ))}
    </div>
  );
}
