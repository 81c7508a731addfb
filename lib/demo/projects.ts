import 'server-only';
// The demo projects: one per task type, filled with real OpenAssistant prompts and human-ranked answers.
// Gold answers come from the human rankings where they exist, and from labels we set as the requester.
import type { TaskType } from '@/lib/generated/prisma/enums';
import { satsToMsats } from '@/lib/ledger/money';
import { maxTreeRewardMsats, parseTreeConfig, type TreeConfigInput } from '@/lib/trees/config';
import { intentGold } from './intent-gold';
import { readRankedPairs, readRankedPrompts } from './oasst';

export type DemoItem = { externalId: string; payload: unknown; goldAnswer?: unknown };
export type DemoProject = {
  title: string;
  taskType: TaskType;
  instructions: string;
  typeConfig: unknown;
  rewardMsats: bigint;
  judgmentsPerItem: number;
  estimatedSeconds: number;
  minSeconds: number;
  goldRatio: number;
  examGoldCount?: number;
  examPassCount?: number;
  items: DemoItem[];
};

/** A conversation-tree project (lib/trees): its settings, and the team's seed prompts (one more tree starts from a worker's prompt). */
export type DemoTreeProject = Omit<DemoProject, 'items' | 'taskType' | 'goldRatio' | 'judgmentsPerItem'> & {
  treeConfig: TreeConfigInput;
  seedPrompts: string[];
  workerPromptTrees: number;
};

export const intentLabels = ['Advice or how-to', 'Facts or explanation', 'Creative writing', 'Code or technical help', 'Other'];


export function buildDemoProjects(): DemoProject[] {
  const pairs = readRankedPairs();
  const prompts = readRankedPrompts();
  const answered = prompts.filter((p) => p.replies.length > 0);
  const rankable = prompts.filter((p) => p.replies.length >= 2 && p.replies.length <= 9);

  return [
    {
      title: 'Which answer is more helpful?',
      taskType: 'PAIRWISE',
      instructions:
        "## Compare two assistant answers\n\nRead the conversation, then both answers. Pick the one that is **more helpful, honest and harmless**.\n\n- Prefer answers that are correct and complete.\n- Penalize made-up facts.\n- Pick *tie* only when they are truly equal.",
      typeConfig: { criteria: ['helpful', 'honest', 'harmless'], allowTie: true, allowBothBad: true, askStrength: true, rationale: 'off' },
      rewardMsats: satsToMsats(21),
      judgmentsPerItem: 3,
      estimatedSeconds: 60,
      minSeconds: 5,
      goldRatio: 0.1,
      items: pairs.slice(0, 80).map((pair, i) => ({
        externalId: `oasst-pair-${i + 1}`,
        payload: { conversation: pair.conversation, responses: [pair.chosen, pair.rejected] },
        // Every tenth pair doubles as gold: OpenAssistant's rankers preferred the first answer.
        ...(i % 10 === 9 ? { goldAnswer: { choice: 'A' } } : {}),
      })),
    },
    {
      title: 'Rank the assistant’s answers',
      taskType: 'RANKING',
      instructions: 'Order the answers from **best** to **worst**. Tap them in order, or use the arrows. Use *Not rankable* if the answers are broken.',
      typeConfig: { allowTies: false },
      rewardMsats: satsToMsats(34),
      judgmentsPerItem: 3,
      estimatedSeconds: 90,
      minSeconds: 8,
      goldRatio: 0,
      items: rankable.slice(0, 40).map((p) => ({
        externalId: `oasst-tree-${p.id}`,
        payload: { prompt: p.prompt, responses: p.replies },
      })),
    },
    {
      title: 'Rate this answer',
      taskType: 'RATING',
      instructions: 'Score the answer from 1 (poor) to 5 (excellent) on each criterion.',
      typeConfig: { scale: 5, criteria: ['helpfulness', 'accuracy', 'clarity'], lowLabel: 'Poor', highLabel: 'Excellent' },
      rewardMsats: satsToMsats(13),
      judgmentsPerItem: 3,
      estimatedSeconds: 40,
      minSeconds: 4,
      goldRatio: 0,
      items: answered.slice(0, 40).map((p) => ({ externalId: `oasst-rate-${p.id}`, payload: { prompt: p.prompt, response: p.replies[0] } })),
    },
    {
      title: 'Write a helpful answer',
      taskType: 'WRITING',
      instructions: 'Write the answer you would want to receive: correct, friendly and to the point. Use markdown if it helps.',
      typeConfig: { mode: 'write', minLength: 40, maxLength: 4000, guidelines: 'Be **accurate**. Say so when you are not sure.' },
      rewardMsats: satsToMsats(89),
      judgmentsPerItem: 1,
      estimatedSeconds: 240,
      minSeconds: 20,
      goldRatio: 0,
      items: prompts.slice(40, 80).map((p) => ({ externalId: `oasst-write-${p.id}`, payload: { prompt: p.prompt } })),
    },
    {
      title: 'What is the user asking for?',
      taskType: 'CLASSIFICATION',
      instructions: 'Read the message and pick what kind of help the person wants. Short qualification test first: 2 questions.',
      typeConfig: { labels: intentLabels, allowUnsure: true, allowFlag: true },
      rewardMsats: satsToMsats(5),
      judgmentsPerItem: 3,
      estimatedSeconds: 15,
      minSeconds: 2,
      goldRatio: 0.1,
      examGoldCount: 2,
      examPassCount: 1,
      items: prompts.slice(0, 80).map((p) => {
        const gold = intentGold[p.prompt];
        return { externalId: `oasst-intent-${p.id}`, payload: { text: p.prompt }, ...(gold ? { goldAnswer: { label: gold } } : {}) };
      }),
    },
    {
      title: 'What’s wrong with this answer?',
      taskType: 'MULTI_LABEL',
      instructions: 'Tick **every** problem you see in the answer. If it has none, tick *None of these*.',
      typeConfig: { labels: ['Factual error', 'Off-topic', 'Too long', 'Unsafe', 'Rude', 'None of these'], minSelected: 1, allowFlag: true },
      rewardMsats: satsToMsats(8),
      judgmentsPerItem: 3,
      estimatedSeconds: 30,
      minSeconds: 3,
      goldRatio: 0,
      items: answered.slice(40, 80).map((p) => ({
        externalId: `oasst-issues-${p.id}`,
        payload: { title: p.prompt.slice(0, 200), text: p.replies[p.replies.length - 1] },
      })),
    },
  ];
}

// Small trees, so a demo (and the phone e2e) sees every kind of task within minutes: two replies per message, one
// review each, one ranking per pair of replies, three turns deep as OpenAssistant's (7 messages: the prompt, then two
// replies to the best message of each turn).
const demoTreeConfig: TreeConfigInput = {
  maxDepth: 3,
  repliesPerMessage: 2,
  goalTreeSize: 7,
  reviewsPerMessage: 1,
  rankingsPerGroup: 1,
  reviewLabels: ['quality', 'helpfulness'],
  maxTextLength: 4000,
  rewardsMsats: { WRITE_PROMPT: '8000', REPLY: '13000', REVIEW: '3000', RANK: '5000' },
};

export function buildDemoTreeProject(): DemoTreeProject {
  const prompts = readRankedPrompts();
  const config = parseTreeConfig(demoTreeConfig);
  return {
    title: 'Grow a conversation',
    instructions:
      'Together we write whole conversations, turn by turn. Each task says what to do: **write a prompt**, **reply** as the assistant or as the user, **review** a message, or **rank** replies. Write in your own words; never copy from an AI.',
    typeConfig: { mode: 'write', minLength: config.minTextLength, maxLength: config.maxTextLength },
    rewardMsats: maxTreeRewardMsats(config),
    estimatedSeconds: 120,
    minSeconds: 0,
    treeConfig: demoTreeConfig,
    seedPrompts: prompts
      .map((p) => p.prompt)
      .filter((prompt) => prompt.length < 300)
      .slice(0, 1),
    workerPromptTrees: 1,
  };
}
