// A fixed team with one project per task type, written with fixed ids, times and salt, so every export of it is the
// same bytes on every run: golden.int.test.ts holds the exports to the files the previous implementation wrote.
// jsonb values go in as SQL text, so PostgreSQL keeps what JS would rewrite (1.50, integer-like keys, 1e-7).
import 'server-only';
import { db } from '@/lib/db';
import type { TaskType } from '@/lib/generated/prisma/enums';

const TEAM_ID = '00000000-0000-4000-8000-00000000a001';
const BATCH_ID = '00000000-0000-4000-8000-00000000b001';
const WORKERS = 4;
const BASE_TIME = Date.parse('2026-03-01T10:00:00.000Z');

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const workerId = (w: number) => `00000000-0000-4000-8000-0000000c${hex(w, 4)}`;
/** Ids sort in the order they are made, like uuidv7. */
const idOf = (kind: number, n: number) => `0190${hex(kind, 4)}-0000-7000-8000-${hex(n, 12)}`;

interface GoldenJudgment {
  answer: string;
  status?: 'APPROVED' | 'PENDING' | 'REJECTED';
  shownOrder?: string | null;
  goldCorrect?: boolean | null;
  isExam?: boolean;
}

interface GoldenItem {
  externalId: string;
  payload: string;
  isGold?: boolean;
  inBatch?: boolean;
  judgments: GoldenJudgment[];
}

interface GoldenProject {
  taskType: TaskType;
  typeConfig: string;
  items: GoldenItem[];
}

const pairwise = (choice: string, extra = '') => `{"choice": "${choice}"${extra}}`;

const projects: GoldenProject[] = [
  {
    taskType: 'PAIRWISE',
    typeConfig: '{"criteria": [], "allowTie": true, "allowBothBad": true, "askStrength": false, "rationale": "off"}',
    items: [
      {
        externalId: 'p-0',
        payload: '{"prompt": "Question 0: how many legs does a spider have?", "responses": ["Eight (0).", "Six (0)."]}',
        judgments: [
          { answer: pairwise('A'), shownOrder: '[0, 1]' },
          { answer: pairwise('A', ', "rationale": "eight, \\"really\\""'), shownOrder: '[1, 0]' },
          { answer: pairwise('B'), shownOrder: null },
          { answer: pairwise('B'), status: 'PENDING', shownOrder: '[1, 0]' },
        ],
      },
      {
        externalId: 'p-1',
        payload: '{"prompt": "Spinne — \\"acht\\" Beine?\\nAntworte kurz.", "responses": ["Acht ✓", "Sechs, glaube ich \\\\ oder? 😀"]}',
        judgments: [
          { answer: pairwise('A', ', "strength": 1.50'), shownOrder: 'null' },
          { answer: pairwise('A'), shownOrder: '[]' },
          { answer: pairwise('B'), shownOrder: '["a", "b"]' },
          { answer: pairwise('A'), status: 'REJECTED', shownOrder: '[[0], [1]]' },
        ],
      },
      {
        externalId: 'p-2',
        inBatch: true,
        payload:
          '{"conversation": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello!"}], "prompt": "Which reply is better?", "responses": ["A long, careful reply.", "B"]}',
        judgments: [
          { answer: pairwise('B'), shownOrder: '{"a": 1}' },
          { answer: pairwise('B', ', "10": "ten", "2": "two"'), shownOrder: '[0.5, 1]' },
          { answer: pairwise('A'), shownOrder: '[1, 0]' },
          { answer: pairwise('A'), isExam: true, shownOrder: '[0, 1]' },
        ],
      },
      {
        externalId: 'p-3',
        inBatch: true,
        payload:
          '{"prompt": "Pick one", "responses": ["x", "y"], "meta": {"score": 1.50, "tiny": 0.0000001, "big": 12345678901234567890, "neg": -2.5, "10": "ten", "2": "two", "tab": "a\\tb", "ctl": "\\u0001"}}',
        judgments: [
          { answer: pairwise('tie'), shownOrder: '[0, 1]' },
          { answer: pairwise('tie'), shownOrder: '[1, 0]' },
          { answer: pairwise('A'), shownOrder: '[0, 1]' },
        ],
      },
      {
        externalId: 'p-4,"quoted"',
        payload: '{"prompt": "Both bad?", "responses": ["no", "nope"]}',
        judgments: [
          { answer: pairwise('both_bad') },
          { answer: pairwise('both_bad') },
          { answer: pairwise('B') },
        ],
      },
      {
        externalId: 'p-5',
        payload: '{"prompt": "Second question", "responses": ["worse", "better"]}',
        judgments: [{ answer: pairwise('B') }, { answer: pairwise('B') }, { answer: pairwise('B') }],
      },
      {
        externalId: 'g-0',
        isGold: true,
        payload: '{"prompt": "Gold: 2 + 2?", "responses": ["4", "5"]}',
        judgments: [
          { answer: pairwise('A'), goldCorrect: true },
          { answer: pairwise('B'), goldCorrect: false },
          { answer: pairwise('A'), goldCorrect: true },
        ],
      },
    ],
  },
  {
    taskType: 'RANKING',
    typeConfig: '{"allowTies": true, "allowNotRankable": true}',
    items: [
      {
        externalId: 'r-0',
        payload: '{"prompt": "Rank the answers", "responses": ["r0", "r1", "r2"]}',
        judgments: [{ answer: '{"ranking": [[2], [0], [1]]}' }, { answer: '{"ranking": [[2], [0], [1]]}' }, { answer: '{"ranking": [[0], [2], [1]]}' }],
      },
      {
        externalId: 'r-1',
        payload: '{"conversation": [{"role": "user", "content": "Earlier"}, {"role": "assistant", "content": "Reply"}], "prompt": "Now rank", "responses": ["a", "b", "c", "d"]}',
        judgments: [{ answer: '{"ranking": [[0, 1], [3], [2]]}' }, { answer: '{"ranking": [[1], [0], [2, 3]]}' }, { answer: '{"notRankable": true}' }],
      },
    ],
  },
  {
    taskType: 'WRITING',
    typeConfig: '{"mode": "rewrite", "minLength": 1, "maxLength": 2000}',
    items: [
      {
        externalId: 'w-0',
        payload: '{"prompt": "Reply to the customer.", "draft": "we sent it"}',
        judgments: [{ answer: '{"text": "Sorry! A new jug is on its way."}' }, { answer: '{"text": "We have sent a new jug.\\nSorry."}' }],
      },
      {
        externalId: 'w-1',
        payload: '{"conversation": [{"role": "system", "content": "Polite."}], "prompt": "Say thanks."}',
        judgments: [{ answer: '{"text": "Thank you — truly."}' }],
      },
    ],
  },
  {
    taskType: 'CLASSIFICATION',
    typeConfig: '{"labels": ["positive", "negative", "neutral"], "allowUnsure": false}',
    items: ['positive,positive,positive', 'negative,negative,positive', 'neutral,negative,positive', 'negative,negative,negative'].map((labels, i) => ({
      externalId: `c-${i}`,
      payload: `{"text": "Review ${i}"}`,
      judgments: labels.split(',').map((label) => ({ answer: `{"label": "${label}"}` })),
    })),
  },
  {
    taskType: 'MULTI_LABEL',
    typeConfig: '{"labels": ["spam", "rude", "off-topic"], "minSelected": 0}',
    items: [
      { externalId: 'm-0', payload: '{"text": "Buy now!!!"}', judgments: [{ answer: '{"labels": ["spam"]}' }, { answer: '{"labels": ["spam", "rude"]}' }, { answer: '{"labels": ["spam"]}' }] },
      { externalId: 'm-1', payload: '{"text": "Hello"}', judgments: [{ answer: '{"labels": []}' }, { answer: '{"labels": ["off-topic"]}' }, { answer: '{"labels": []}' }] },
    ],
  },
  {
    taskType: 'RATING',
    typeConfig: '{"criteria": ["overall", "helpful"], "scale": 5}',
    items: [
      {
        externalId: 'rt-0',
        payload: '{"prompt": "Rate this", "response": "It is fine."}',
        judgments: [
          { answer: '{"scores": {"overall": 4, "helpful": 3.5}}' },
          { answer: '{"scores": {"overall": 5, "helpful": 4}}' },
          { answer: '{"scores": {"overall": 4, "helpful": 3}}' },
        ],
      },
    ],
  },
];

export interface GoldenFixture {
  teamId: string;
  batchId: string;
  projectIds: Record<TaskType, string>;
}

/** Writes the fixture (idempotent only on an empty database: fixed ids). */
export async function seedGoldenFixture(): Promise<GoldenFixture> {
  const sql = (text: string, ...values: unknown[]) => db.$executeRawUnsafe(text, ...values);
  await sql(`INSERT INTO "Team" (id, name, slug, "pseudonymSalt", "updatedAt") VALUES ($1::uuid, 'Golden team', 'golden-team', 'golden-salt', now())`, TEAM_ID);
  for (let w = 0; w < WORKERS; w++) {
    await sql(`INSERT INTO "User" (id, roles, "updatedAt") VALUES ($1::uuid, ARRAY['WORKER']::"Role"[], now())`, workerId(w));
    await sql(
      `INSERT INTO "WorkerProfile" (id, "userId", "linkingKey", "displayName", "updatedAt") VALUES ($1::uuid, $1::uuid, $2, $3, now())`,
      workerId(w),
      `02golden${w}`,
      `Golden ${w}`,
    );
  }
  const projectIds = {} as Record<TaskType, string>;
  let judgmentNumber = 0;
  for (const [p, project] of projects.entries()) {
    const projectId = idOf(0x100 + p, 0);
    projectIds[project.taskType] = projectId;
    await sql(
      `INSERT INTO "Project" (id, "teamId", title, instructions, "taskType", "typeConfig", "rewardMsats", status, license, "updatedAt")
       VALUES ($1::uuid, $2::uuid, $3, 'Pick the **better** one.', $4::"TaskType", $5::jsonb, 1000, 'ACTIVE', 'CC-BY-4.0', now())`,
      projectId,
      TEAM_ID,
      `Golden ${project.taskType.toLowerCase()} — “fixture”`,
      project.taskType,
      project.typeConfig,
    );
    if (p === 0) {
      await sql(`INSERT INTO "Batch" (id, "projectId", "sourceFileName", format) VALUES ($1::uuid, $2::uuid, 'b.jsonl', 'jsonl')`, BATCH_ID, projectId);
    }
    for (const [i, item] of project.items.entries()) {
      const itemId = idOf(0x200 + p, i);
      await sql(
        `INSERT INTO "Item" (id, "projectId", "batchId", "externalId", payload, "isGold", "judgmentsNeeded", "openSlots", "judgmentsDone", status)
         VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5::jsonb, $6, 3, 0, 3, 'DONE')`,
        itemId,
        projectId,
        item.inBatch ? BATCH_ID : null,
        item.externalId,
        item.payload,
        item.isGold ?? false,
      );
      for (const [w, judgment] of item.judgments.entries()) {
        judgmentNumber += 1;
        // About a minute apart, some on a whole second; ids interleave items like real work does.
        const createdAt = new Date(BASE_TIME + (judgmentNumber - 1) * 61_000 + (judgmentNumber % 3 === 0 ? 0 : (judgmentNumber * 337) % 1000));
        const assignmentId = idOf(0x300, judgmentNumber);
        await sql(
          `INSERT INTO "Assignment" (id, "itemId", "projectId", "workerId", status, "isExam", "leaseExpiresAt", "shownOrder", "finishedAt")
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, 'SUBMITTED', $5, $6, $7::jsonb, $6)`,
          assignmentId,
          itemId,
          projectId,
          workerId(w),
          judgment.isExam ?? false,
          createdAt,
          judgment.shownOrder ?? null,
        );
        await sql(
          `INSERT INTO "Judgment" (id, "assignmentId", "itemId", "projectId", "workerId", answer, "durationMs", "isGold", "isExam", "goldCorrect", status, "rewardMsats", "createdAt")
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4::uuid, $5::uuid, $6::jsonb, $7, $8, $9, $10, $11::"JudgmentStatus", 1000, $12)`,
          idOf(0x400 + ((judgmentNumber * 7) % 5), judgmentNumber),
          assignmentId,
          itemId,
          projectId,
          workerId(w),
          judgment.answer,
          1000 + judgmentNumber * 17,
          item.isGold ?? false,
          judgment.isExam ?? false,
          judgment.goldCorrect ?? null,
          judgment.status ?? 'APPROVED',
          createdAt,
        );
      }
    }
  }
  return { teamId: TEAM_ID, batchId: BATCH_ID, projectIds };
}
