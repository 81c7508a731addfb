import { ScrollPre } from '@/components/ui/scroll-region';
import { TreeUploadPanel } from './tree-upload-panel';

// The Upload tab of a conversation-tree project: seed prompts, model replies and oasst trees, each with its format.

const seedExample = `{"prompt": "How do volcanoes form?", "externalId": "geo-1"}
{"prompt": "Explique la photosynthèse simplement.", "lang": "fr"}`;
const seedCsvExample = `prompt,externalId
"How do volcanoes form?",geo-1`;
const modelReplyExample = `{"treeExternalId": "geo-1", "parentMessageId": "prompt", "modelName": "my-model-7b", "text": "Volcanoes form where magma…"}`;

export function TreeUploadSection({ projectId, canChange, isClosed }: { projectId: string; canChange: boolean; isClosed: boolean }) {
  const open = canChange && !isClosed;
  return (
    <div className="space-y-8">
      {isClosed && <p className="rounded-xl bg-zinc-100 p-4 text-sm dark:bg-zinc-900">This project is closed: it takes no new trees.</p>}
      <section className="space-y-2" aria-labelledby="seed-upload">
        <h2 id="seed-upload" className="text-lg font-semibold">Seed prompts</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Each new prompt starts a conversation tree, and workers start replying at once. JSONL (one object per line) or CSV/TSV
          with a <code>prompt</code> column; <code>externalId</code> and <code>lang</code> are optional. A prompt already in
          this project (same id, or the same text) is skipped, so uploading a file again changes nothing. Bad lines are listed
          with their line number; the good ones are seeded. Up to 20 MiB and 10,000 lines.
        </p>
        <ScrollPre label="Seed file example (JSONL)" className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{seedExample}</ScrollPre>
        <ScrollPre label="Seed file example (CSV)" className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{seedCsvExample}</ScrollPre>
        {open && <TreeUploadPanel projectId={projectId} kind="seeds" accept=".jsonl,.ndjson,.csv,.tsv,text/csv,text/tab-separated-values" label="Upload seed prompts" />}
      </section>
      <section className="space-y-2" aria-labelledby="model-reply-upload">
        <h2 id="model-reply-upload" className="text-lg font-semibold">Model replies</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Replies of your models, added beside the workers&rsquo; replies to a user message and ranked blind with them. They
          are marked as the model&rsquo;s, never extended, and never count toward the tree&rsquo;s size. JSONL: the tree
          (<code>treeId</code> or <code>treeExternalId</code>), the message replied to (<code>parentMessageId</code>: its id,
          or <code>&quot;prompt&quot;</code>), <code>modelName</code> and <code>text</code>.
        </p>
        <ScrollPre label="Model reply file example (JSONL)" className="overflow-x-auto rounded-lg bg-zinc-100 p-3 text-xs dark:bg-zinc-900">{modelReplyExample}</ScrollPre>
        {open && <TreeUploadPanel projectId={projectId} kind="model-replies" accept=".jsonl,.ndjson" label="Upload model replies" />}
      </section>
      <section className="space-y-2" aria-labelledby="oasst-upload">
        <h2 id="oasst-upload" className="text-lg font-semibold">OpenAssistant trees</h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Trees in OpenAssistant&rsquo;s export shape (oasst1/oasst2 <code>*_tree.jsonl</code>), one per line. Trees still
          growing in the file grow on here; a tree already imported (same <code>message_tree_id</code>) is skipped.
        </p>
        {open && <TreeUploadPanel projectId={projectId} kind="oasst" accept=".jsonl,.ndjson" label="Upload oasst trees" />}
      </section>
    </div>
  );
}
