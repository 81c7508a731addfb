import { describe, expect, it } from 'vitest';
import { createTestProject, createTestTeam } from '@/lib/assignment/test-fixtures';
import { db } from '@/lib/db';
import type { TeamActor } from '@/lib/teams/actor';
import { ALL_DUPLICATES_MESSAGE, EMPTY_FILE_MESSAGE, importBatch, type ImportBatchInput } from './import';
import { getItemDetail } from './item-detail';
import { listItems } from './items';
import { getBatch, listBatches, listBatchIdsWithItems } from './queries';

async function* bytesOf(text: string, size = 4096): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.slice(offset, offset + size);
}

async function setup(overrides: Parameters<typeof createTestProject>[0] = {}) {
  const teamId = await createTestTeam();
  const user = await db.user.create({ data: { roles: ['REQUESTER'] } });
  await db.teamMember.create({ data: { teamId, userId: user.id } });
  const projectId = await createTestProject({ teamId, judgmentsPerItem: 2, maxJudgmentsPerItem: 2, ...overrides });
  const actor: TeamActor = { kind: 'USER', teamId, userId: user.id, apiKeyId: null };
  return { actor, projectId };
}

const pairwise = (id: string, extra: object = {}) =>
  JSON.stringify({ id, prompt: `Question ${id}?`, responses: [`Yes ${id}`, `No ${id}`], ...extra });

function upload(text: string, input: Partial<ImportBatchInput> = {}): ImportBatchInput {
  return { source: bytesOf(text), fileName: 'items.jsonl', format: 'jsonl', isGold: false, mode: 'all_or_nothing', ...input };
}

describe('importBatch', () => {
  it('imports a good file: items open for workers, batch IMPORTED and audited', async () => {
    const { actor, projectId } = await setup();
    const batch = await importBatch(actor, projectId, upload(`${pairwise('a')}\n\n${pairwise('b')}\n`));
    expect(batch).toMatchObject({ status: 'IMPORTED', totalRows: 2, importedRows: 2, errorRows: 0, duplicateRows: 0, errors: [] });
    const items = await db.item.findMany({ where: { projectId }, orderBy: { id: 'asc' } });
    expect(items.map((item) => [item.externalId, item.status, item.judgmentsNeeded, item.openSlots, item.batchId])).toEqual([
      ['a', 'OPEN', 2, 2, batch.id],
      ['b', 'OPEN', 2, 2, batch.id],
    ]);
    expect(await db.auditLog.count({ where: { action: 'batch.import', targetId: batch.id } })).toBe(1);
    const page = await listItems(actor, projectId, { limit: 1 });
    expect(page.data.map((item) => item.externalId)).toEqual(['a']);
    const next = await listItems(actor, projectId, { limit: 1, cursor: page.nextCursor! });
    expect(next).toMatchObject({ data: [{ externalId: 'b', isGold: false, judgmentsNeeded: 2 }], nextCursor: null });
    expect((await listBatches(actor, projectId)).map((b) => b.id)).toEqual([batch.id]);
  });

  it('one bad line: all_or_nothing imports nothing, skip_invalid imports the rest', async () => {
    const { actor, projectId } = await setup();
    const text = `${pairwise('a')}\n{"id":"b","prompt":"p","responses":["only one"]}\n{broken\n${pairwise('c')}\n`;
    const failed = await importBatch(actor, projectId, upload(text));
    expect(failed).toMatchObject({ status: 'FAILED', totalRows: 4, importedRows: 0, errorRows: 2 });
    expect(failed.errors.map((error) => error.line)).toEqual([2, 3]);
    expect(failed.errors[0].reason).toContain('responses');
    expect(await db.item.count({ where: { projectId } })).toBe(0);

    const partial = await importBatch(actor, projectId, upload(text, { mode: 'skip_invalid' }));
    expect(partial).toMatchObject({ status: 'PARTIAL', importedRows: 2, errorRows: 2 });
    expect(await db.item.count({ where: { projectId } })).toBe(2);
  });

  it('refuses, with their lines, conversations no training format can hold and pairs of identical responses', async () => {
    const { actor, projectId } = await setup();
    const sys = (content: string) => ({ role: 'system', content });
    const user = (content: string) => ({ role: 'user', content });
    const bot = (content: string) => ({ role: 'assistant', content });
    const text = [
      pairwise('ok'),
      JSON.stringify({ id: 'same', prompt: 'Q?', responses: ['Eight.', ' Eight. '] }),
      JSON.stringify({ id: 'late-system', conversation: [user('Hi'), sys('Be brief.'), user('Q?')], responses: ['a', 'b'] }),
      JSON.stringify({ id: 'bot-first', conversation: [bot('Hello! How can I help?'), user('Q?')], responses: ['a', 'b'] }),
      JSON.stringify({ id: 'system-only', conversation: [sys('Be brief.')], responses: ['a', 'b'] }),
      JSON.stringify({ id: 'bot-last', conversation: [user('Q?'), bot('A.')], responses: ['a', 'b'] }),
      // Two user turns in a row are accepted: the export merges them (a blank line between).
      JSON.stringify({ id: 'two-users', conversation: [user('My chain slips.')], prompt: 'Uphill.', responses: ['a', 'b'] }),
    ].join('\n');
    const batch = await importBatch(actor, projectId, upload(text, { mode: 'skip_invalid' }));
    expect(batch).toMatchObject({ status: 'PARTIAL', importedRows: 2, errorRows: 5 });
    expect(batch.errors).toEqual([
      { line: 2, reason: 'Invalid item: responses: the two responses are the same: a comparison needs two different responses' },
      { line: 3, reason: 'Invalid item: conversation.1: a system message may only come first' },
      { line: 4, reason: 'Invalid item: conversation.0: the conversation must start with a user message (after an optional system message)' },
      { line: 5, reason: 'Invalid item: conversation.0: a system message alone is not a prompt: add a user message or a "prompt"' },
      {
        line: 6,
        reason: 'Invalid item: conversation.1: the conversation must end with a user message (or give a "prompt"): the responses are the assistant\'s next turn',
      },
    ]);
    const ranking = await setup({ taskType: 'RANKING', typeConfig: { allowTies: false } });
    const refused = await importBatch(ranking.actor, ranking.projectId, upload(JSON.stringify({ prompt: 'Q?', responses: ['a', 'b', 'a'] })));
    expect(refused.errors).toEqual([{ line: 1, reason: 'Invalid item: responses: responses 0 and 2 are the same: every response must differ' }]);
  });

  it('reports duplicates within the file and against existing items with their lines', async () => {
    const { actor, projectId } = await setup();
    await importBatch(actor, projectId, upload(`${pairwise('old')}\n`));
    const text = [pairwise('x'), pairwise('old'), pairwise('y'), pairwise('x')].join('\n');
    const strict = await importBatch(actor, projectId, upload(text));
    expect(strict).toMatchObject({ status: 'FAILED', duplicateRows: 2, errorRows: 0, importedRows: 0 });
    expect(strict.errors).toEqual([
      { line: 2, reason: 'duplicate id "old": already in this project' },
      { line: 4, reason: 'duplicate id "x": earlier in this file' },
    ]);
    const lenient = await importBatch(actor, projectId, upload(text, { mode: 'skip_invalid' }));
    expect(lenient).toMatchObject({ status: 'PARTIAL', duplicateRows: 2, importedRows: 2 });
    expect(await db.item.count({ where: { projectId } })).toBe(3);
  });

  it('checks gold answers in gold batches and refuses gold answers elsewhere', async () => {
    const { actor, projectId } = await setup({ taskType: 'CLASSIFICATION', typeConfig: { labels: ['good', 'bad'] } });
    const text = [
      JSON.stringify({ id: 'g1', text: 'Great', gold: { label: 'good' } }),
      JSON.stringify({ id: 'g2', text: 'Awful', gold: { label: 'terrible' } }),
      JSON.stringify({ id: 'g3', text: 'Meh' }),
    ].join('\n');
    const batch = await importBatch(actor, projectId, upload(text, { isGold: true, mode: 'skip_invalid' }));
    expect(batch).toMatchObject({ status: 'PARTIAL', importedRows: 1, errorRows: 2, isGold: true });
    expect(batch.errors[0]).toMatchObject({ line: 2, reason: expect.stringContaining('"terrible" is not one of') });
    expect(batch.errors[1]).toMatchObject({ line: 3, reason: expect.stringContaining('gold answer') });
    const item = await db.item.findFirstOrThrow({ where: { projectId, externalId: 'g1' } });
    expect(item).toMatchObject({ isGold: true, goldAnswer: { label: 'good' }, judgmentsNeeded: 2, openSlots: 2 });

    const notGold = await importBatch(actor, projectId, upload(JSON.stringify({ id: 'n', text: 'x', gold: { label: 'good' } })));
    expect(notGold.errors[0].reason).toContain('upload the file as gold items');
  });

  it('reads CSV with quoted commas, quotes and newlines, reporting the start line of a bad record', async () => {
    const { actor, projectId } = await setup();
    const csv =
      '\uFEFFid,prompt,response_1,response_2\r\n' +
      'c1,"Say ""hi"", twice","hi,\r\nhi","no"\r\n' +
      'c2,"multi\nline prompt",,\r\n' +
      'c3,Plain,A,B\r\n';
    const batch = await importBatch(actor, projectId, upload(csv, { format: 'csv', fileName: 'x.csv', mode: 'skip_invalid' }));
    expect(batch).toMatchObject({ status: 'PARTIAL', importedRows: 2, errorRows: 1, totalRows: 3 });
    expect(batch.errors).toEqual([{ line: 4, reason: expect.stringContaining('responses') }]);
    const c1 = await db.item.findFirstOrThrow({ where: { projectId, externalId: 'c1' } });
    expect(c1.payload).toEqual({ prompt: 'Say "hi", twice', responses: ['hi,\r\nhi', 'no'] });
  });

  it('reads a semicolon Excel CSV with a ragged row and an unclosed quote: skip_invalid keeps the good rows', async () => {
    const { actor, projectId } = await setup();
    const csv =
      '\uFEFFid;prompt;response_1;response_2\r\n' +
      'e1;"Two\r\nlines, one cell";Yes;No\r\n' +
      'e2;Short;Yes\r\n' +
      'e3;Plain;4,5;B\r\n' +
      'e4;"Open;A;B\r\n' +
      'e5;Swallowed by the open quote;A;B\r\n';
    const errors = [
      { line: 4, reason: 'expected 4 columns like the header row, found 3' },
      { line: 6, reason: 'a quoted field starting on line 6 is never closed' },
    ];
    const csvUpload = (mode: ImportBatchInput['mode']) => upload(csv, { format: 'csv', fileName: 'de.csv', mode });
    expect(await importBatch(actor, projectId, csvUpload('all_or_nothing'))).toMatchObject({ status: 'FAILED', importedRows: 0, errorRows: 2, errors });
    expect(await db.item.count({ where: { projectId } })).toBe(0);
    expect(await importBatch(actor, projectId, csvUpload('skip_invalid'))).toMatchObject({ status: 'PARTIAL', importedRows: 2, errorRows: 2, errors });
    const items = await db.item.findMany({ where: { projectId }, orderBy: { externalId: 'asc' }, select: { externalId: true, payload: true } });
    expect(items).toEqual([
      { externalId: 'e1', payload: { prompt: 'Two\r\nlines, one cell', responses: ['Yes', 'No'] } },
      { externalId: 'e3', payload: { prompt: 'Plain', responses: ['4,5', 'B'] } },
    ]);
  });

  it('replays an idempotency key without importing again, and refuses it for another project', async () => {
    const { actor, projectId } = await setup();
    const first = await importBatch(actor, projectId, upload(pairwise('a'), { idempotencyKey: 'k1' }));
    const again = await importBatch(actor, projectId, upload(pairwise('zzz'), { idempotencyKey: 'k1' }));
    expect(again).toEqual(first);
    expect(await db.item.count({ where: { projectId } })).toBe(1);
    const other = await createTestProject({ teamId: actor.teamId });
    await expect(importBatch(actor, other, upload(pairwise('a'), { idempotencyKey: 'k1' }))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('hides other teams, refuses closed projects, enforces the size limit and fails empty files', async () => {
    const { actor, projectId } = await setup();
    const stranger = await setup();
    await expect(importBatch(stranger.actor, projectId, upload(pairwise('a')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importBatch(actor, 'not-a-uuid', upload(pairwise('a')))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { id: batchId } = await importBatch(actor, projectId, upload(''));
    await expect(getBatch(stranger.actor, batchId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await getBatch(actor, batchId)).toMatchObject({ status: 'FAILED', errors: [{ line: 0, reason: EMPTY_FILE_MESSAGE }] });

    const big = await importBatch(actor, projectId, upload(`${pairwise('a')}\n`.repeat(100), { maxBytes: 1000 }));
    expect(big).toMatchObject({ status: 'FAILED', importedRows: 0, errors: [{ line: 0, reason: expect.stringContaining('larger than') }] });

    const done = await createTestProject({ teamId: actor.teamId, status: 'DONE' });
    await expect(importBatch(actor, done, upload(pairwise('a')))).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('keeps the first 1,000 problems by line, invalid rows and duplicates mixed, and counts them all', async () => {
    const { actor, projectId } = await setup();
    const lines: string[] = [];
    const expected: number[] = [];
    const seen = new Set<string>();
    for (let line = 1; line <= 4000; line += 1) {
      const id = `x${line % 1500}`;
      if (line % 3 === 0) {
        lines.push(JSON.stringify({ id, prompt: 'p', responses: ['one'] }));
        expected.push(line);
      } else {
        lines.push(pairwise(id));
        if (seen.has(id)) expected.push(line);
        seen.add(id);
      }
    }
    const batch = await importBatch(actor, projectId, upload(lines.join('\n'), { mode: 'skip_invalid' }));
    expect(batch.errorRows + batch.duplicateRows).toBe(expected.length);
    expect(batch.importedRows).toBe(seen.size);
    expect(batch.errors.map((error) => error.line)).toEqual(expected.slice(0, 1000));
  });

  it('streams 100k rows', async () => {
    const { actor, projectId } = await setup({ taskType: 'CLASSIFICATION', typeConfig: { labels: ['good', 'bad'] } });
    const rows = 100_000;
    async function* generate(): AsyncGenerator<Uint8Array> {
      const encoder = new TextEncoder();
      for (let start = 0; start < rows; start += 1000) {
        let text = '';
        for (let i = start; i < start + 1000; i += 1) text += `{"id":"r${i}","text":"Review number ${i}: works as described."}\n`;
        yield encoder.encode(text);
      }
    }
    const startedAt = Date.now();
    const batch = await importBatch(actor, projectId, { source: generate(), fileName: 'big.jsonl', format: 'jsonl', isGold: false, mode: 'all_or_nothing' });
    const seconds = (Date.now() - startedAt) / 1000;
    expect(batch).toMatchObject({ status: 'IMPORTED', importedRows: rows });
    expect(await db.item.count({ where: { projectId } })).toBe(rows);
    console.log(`100k rows imported in ${seconds.toFixed(1)} s (${Math.round(rows / seconds)} rows/s)`);
  }, 60_000);

  // Issue 17: file-level problems get one clear message, not per-row noise.
  it('names missing, unused and expected columns once for a CSV with the wrong columns', async () => {
    const { actor, projectId } = await setup();
    const csv = 'id,question,answer_a,answer_b\n1,Q?,Yes,No\n2,Q2?,Yes,No\n';
    const batch = await importBatch(actor, projectId, upload(csv, { fileName: 'items.csv', format: 'csv' }));
    expect(batch).toMatchObject({ status: 'FAILED', importedRows: 0, errorRows: 0 });
    expect(batch.errors).toHaveLength(1);
    expect(batch.errors[0].line).toBe(0);
    expect(batch.errors[0].reason).toContain('missing "prompt" or "conversation" and "responses" (JSON list) or response_1 … response_2');
    expect(batch.errors[0].reason).toContain('"question", "answer_a", "answer_b"');
    expect(batch.errors[0].reason).toContain('Expected columns: id (optional), prompt or conversation, response_1, response_2');
  });

  it('says the file is empty, with no row errors counted', async () => {
    const { actor, projectId } = await setup();
    for (const [text, format] of [['', 'jsonl'], ['\n\n', 'jsonl'], ['', 'csv']] as const) {
      const batch = await importBatch(actor, projectId, upload(text, { format }));
      expect(batch).toMatchObject({ status: 'FAILED', totalRows: 0, errorRows: 0, duplicateRows: 0, errors: [{ line: 0, reason: EMPTY_FILE_MESSAGE }] });
    }
  });

  it('says every line is already in the project when a re-upload is all duplicates', async () => {
    const { actor, projectId } = await setup();
    const text = `${pairwise('a')}\n${pairwise('b')}\n`;
    expect((await importBatch(actor, projectId, upload(text))).status).toBe('IMPORTED');
    for (const mode of ['all_or_nothing', 'skip_invalid'] as const) {
      const again = await importBatch(actor, projectId, upload(text, { mode }));
      expect(again).toMatchObject({ status: 'FAILED', importedRows: 0, errorRows: 0, duplicateRows: 2 });
      expect(again.errors[0]).toEqual({ line: 0, reason: ALL_DUPLICATES_MESSAGE });
    }
    // Only the first upload holds items, so only it is offered in the export batch filter.
    const batches = await listBatches(actor, projectId);
    expect(batches).toHaveLength(3);
    expect([...(await listBatchIdsWithItems(actor, projectId))]).toEqual([batches.find((b) => b.status === 'IMPORTED')!.id]);
  });

  it('shows one item with its content and judgments, workers as pseudonyms, to the team only', async () => {
    const { actor, projectId } = await setup();
    await importBatch(actor, projectId, upload(`${pairwise('a')}\n`));
    const item = await db.item.findFirstOrThrow({ where: { projectId } });
    const worker = await db.workerProfile.create({ data: { user: { create: { roles: ['WORKER'] } }, linkingKey: `02${item.id}`, displayName: 'Ana' } });
    const assignment = await db.assignment.create({ data: { itemId: item.id, projectId, workerId: worker.id, status: 'SUBMITTED', leaseExpiresAt: new Date() } });
    await db.judgment.create({ data: { assignmentId: assignment.id, itemId: item.id, projectId, workerId: worker.id, answer: { choice: 'A' }, durationMs: 5000, rewardMsats: 5000n, status: 'APPROVED' } });
    const detail = await getItemDetail(actor, projectId, item.id);
    expect(detail).toMatchObject({ externalId: 'a', payload: { prompt: 'Question a?' }, judgments: [{ answer: { choice: 'A' }, status: 'APPROVED', isExam: false }] });
    expect(detail.judgments[0].workerPseudonym).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(detail)).not.toContain(worker.id);
    const other = await setup();
    await expect(getItemDetail(other.actor, projectId, item.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getItemDetail(actor, projectId, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
