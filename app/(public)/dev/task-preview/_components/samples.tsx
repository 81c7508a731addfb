import 'server-only';
import type { TaskContent } from '@/components/tasks/content';
import { Markdown } from '@/components/tasks/markdown';
import type { TaskType } from '@/lib/generated/prisma/enums';
import { defaultTypeConfig, exampleItems, parsePayload, parseTypeConfig, toShownPayload, type TaskConfig } from '@/lib/tasks';

export type PreviewSample = {
  id: string;
  type: TaskType;
  title: string;
  config: TaskConfig<any>;
  payload: unknown;
  shownOrder: number[] | null;
  content: TaskContent;
};

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The shown payload, rendered on the server the way the task page does it. */
function buildContent(shown: unknown): TaskContent {
  const p = isRecord(shown) ? shown : {};
  const content: TaskContent = {};
  if (str(p.title)) content.title = str(p.title);
  if (str(p.text)) content.text = <Markdown>{str(p.text)!}</Markdown>;
  if (str(p.prompt)) content.prompt = <Markdown>{str(p.prompt)!}</Markdown>;
  if (Array.isArray(p.conversation)) {
    content.conversation = p.conversation.filter(isRecord).map((turn) => ({
      role: turn.role === 'system' || turn.role === 'assistant' ? turn.role : 'user',
      content: <Markdown>{str(turn.content) ?? ''}</Markdown>,
    }));
  }
  if (Array.isArray(p.responses)) content.responses = p.responses.map((r, i) => <Markdown key={i}>{str(r) ?? ''}</Markdown>);
  if (str(p.response)) content.response = <Markdown>{str(p.response)!}</Markdown>;
  if (str(p.draft)) content.draft = str(p.draft);
  return content;
}

const markdownShowcase = `Here is a small script. It reads the file with the standard \`csv\` module and adds up the \`amount\` column:

\`\`\`python
import csv

def total(path: str, column: str = "amount") -> float:
    with open(path, newline="", encoding="utf-8") as f:
        return sum(float(row[column]) for row in csv.DictReader(f) if row[column].strip())

print(total("sales.csv"))  # a very long comment that makes this line scroll sideways on a small phone screen
\`\`\`

| Approach | Speed | Needs install |
| --- | --- | --- |
| \`csv\` module | fine for < 1 GB | no |
| pandas \`read_csv\` | fast | yes (\`pip install pandas\`) |

1. Save the script as \`total.py\`.
2. Run \`python total.py\`.

> Blank cells are skipped, so they don't crash the sum.

See the [csv docs](https://docs.python.org/3/library/csv.html) or [this link](javascript:alert(1)) (removed).
Chart: ![bar chart of monthly sales](https://example.com/chart.png) and a pixel ![](https://tracker.example.net/p.gif).

- [x] Handles empty cells
- [ ] Handles thousands separators like 1,200 — for those, strip the commas first: \`float(value.replace(",", ""))\`.

<script>alert("raw HTML is not rendered")</script>`;

type Spec = { id: string; type: TaskType; title: string; config?: unknown; payload?: unknown; example?: number; shownOrder?: number[] };

const specs: Spec[] = [
  { id: 'classification', type: 'CLASSIFICATION', title: 'Classification: one tap submits', example: 0 },
  {
    id: 'classification-options',
    type: 'CLASSIFICATION',
    title: 'Classification: 5 labels, "not sure" and "report"',
    config: {
      labels: ['Advice or how-to', 'Facts or explanation', 'Creative writing', 'Code or technical help', 'Other'],
      allowUnsure: true,
      allowFlag: true,
    },
    payload: { text: 'Could you please give me a python script to dynamically deserialize json?' },
  },
  {
    id: 'multi-label',
    type: 'MULTI_LABEL',
    title: 'Multi-label: 1 to 3 labels, report allowed',
    config: { ...(defaultTypeConfig.MULTI_LABEL as object), minSelected: 1, maxSelected: 3, allowFlag: true },
    example: 2,
  },
  { id: 'pairwise', type: 'PAIRWISE', title: 'Pairwise: one tap (shown order swapped)', example: 0, shownOrder: [1, 0] },
  {
    id: 'pairwise-details',
    type: 'PAIRWISE',
    title: 'Pairwise: strength, criteria and rationale',
    config: { criteria: ['helpful', 'honest', 'harmless'], askStrength: true, rationale: 'optional' },
    example: 1,
    shownOrder: [0, 1],
  },
  { id: 'ranking', type: 'RANKING', title: 'Ranking: ties allowed', config: { allowTies: true }, example: 1, shownOrder: [2, 0, 3, 1] },
  { id: 'rating', type: 'RATING', title: 'Rating: one criterion, one tap', example: 0 },
  {
    id: 'rating-criteria',
    type: 'RATING',
    title: 'Rating: 7-point scale, three criteria, markdown showcase',
    config: { scale: 7, criteria: ['helpfulness', 'accuracy', 'clarity'], lowLabel: 'Very poor', highLabel: 'Excellent' },
    payload: { prompt: 'How do I add up one column of a CSV file in Python?', response: markdownShowcase },
  },
  {
    id: 'writing',
    type: 'WRITING',
    title: 'Writing: write mode with guidelines',
    config: { mode: 'write', minLength: 40, maxLength: 600, guidelines: 'Be warm and brief.\nOffer the replacement in the first sentence.' },
    example: 0,
  },
  {
    id: 'writing-rewrite',
    type: 'WRITING',
    title: 'Writing: rewrite a draft',
    config: { mode: 'rewrite', minLength: 30, maxLength: 800 },
    payload: {
      prompt: 'Rewrite this answer so a 12-year-old understands it. Keep it under 3 sentences.',
      draft: 'Photosynthesis is the process by which autotrophic organisms convert electromagnetic radiation into chemical energy, synthesizing glucose from CO2 and H2O.',
    },
  },
];

export function buildPreviewSamples(): PreviewSample[] {
  return specs.map((spec) => {
    const config = parseTypeConfig(spec.type, spec.config ?? defaultTypeConfig[spec.type]);
    const payload = parsePayload(spec.type, spec.payload ?? exampleItems[spec.type][spec.example ?? 0].payload, config);
    const shownOrder = spec.shownOrder ?? null;
    return {
      id: spec.id,
      type: spec.type,
      title: spec.title,
      config,
      payload,
      shownOrder,
      content: buildContent(toShownPayload(spec.type, payload, shownOrder)),
    };
  });
}
