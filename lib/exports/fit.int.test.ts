// Items stored before the upload's conversation rules (written straight to the database, as older uploads were):
// every training format normalises what it can, leaves out and counts the rest, and every row it writes passes its
// consumer's rules (test/consumers). BOLTWORK_EXPORT_DUMP_DIR=<dir> also writes each export and its card (README.md)
// there under the names the download uses, for a check with the consumers' own Python code (docs/exports.md).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestItems, createTestProject, createTestWorkers } from '@/lib/assignment/test-fixtures';
import type { ExportFormat } from '@/lib/generated/prisma/enums';
import { stopBoss } from '@/lib/jobs/boss';
import { consumerChecks } from '@/test/consumers';
import { exportFileName } from './files';
import { runExport } from './run';
import { createExport, getExport, getExportCard } from './service';
import { addTestJudgment, createTestActor, downloadExportText, parseJsonLines } from './test-fixtures';

afterAll(() => stopBoss());

const sys = (content: string) => ({ role: 'system', content });
const user = (content: string) => ({ role: 'user', content });
const bot = (content: string) => ({ role: 'assistant', content });

/** Good items, one to normalise, and one of each shape the upload now refuses. */
const PAYLOADS = [
  { prompt: 'How many legs does a spider have?', responses: ['Eight.', 'Six.'] },
  { conversation: [sys('You are a bike shop assistant.'), user('My chain slips.'), bot('Uphill or always?'), user('Uphill.')], responses: ['Check chain wear.', 'Buy a new bike.'] },
  { conversation: [user('My chain slips.')], prompt: 'Only uphill.', responses: ['Check the cassette.', 'Ride less.'] },
  { prompt: 'Name a prime number.', responses: ['Seven.', 'Nine.'] },
  { conversation: [user('Hi'), sys('Be brief.'), user('Capital of France?')], responses: ['Paris.', 'Lyon.'] },
  { conversation: [bot('Hello! How can I help?'), user('Capital of Italy?')], responses: ['Rome.', 'Milan.'] },
  { conversation: [sys('Be brief.')], responses: ['Yes.', 'No.'] },
  { prompt: 'Say hi.', responses: ['Hi!', ' Hi! '] },
];

const FORMATS: ExportFormat[] = ['OPENAI_SFT', 'OPENAI_DPO', 'TRL_PREFERENCE', 'TRL_PREFERENCE_CONVERSATIONAL', 'TRL_KTO', 'HH_RLHF', 'ALPACA', 'SHAREGPT'];
const title = 'Bike shop replies';

describe('training formats on items the upload would now refuse', () => {
  it('normalise, leave out and count, and every row passes its consumer', { timeout: 60_000 }, async () => {
    const projectId = await createTestProject({ title, license: 'CC-BY-4.0' });
    const actor = await createTestActor(projectId);
    const workers = await createTestWorkers(3);
    const items = await createTestItems(projectId, PAYLOADS.length, { externalIdPrefix: 'legacy', payload: (i) => PAYLOADS[i] });
    for (const itemId of items) for (const workerId of workers) await addTestJudgment({ projectId, itemId, workerId, answer: { choice: 'A' } });

    for (const format of FORMATS) {
      const created = await createExport(actor, projectId, { format, filters: { split: { validationRatio: 0.3, seed: 'fit' } }, language: 'en' });
      await runExport(created.id);
      const exp = await getExport(actor, created.id);
      expect(exp.status, format).toBe('READY');
      const card = await getExportCard(actor, created.id);
      const texts = { train: await downloadExportText(actor, created.id, 'train'), validation: await downloadExportText(actor, created.id, 'validation') };
      const rows = [...parseJsonLines(texts.train), ...parseJsonLines(texts.validation)];
      for (const row of rows) expect(consumerChecks[format]!(row), `${format} ${JSON.stringify(row)}`).toEqual([]);

      // SFT keeps the item with the same two responses (it learns one of them); pairs and KTO leave it out.
      const sameLeftOut = format === 'OPENAI_SFT' ? 0 : format === 'TRL_KTO' ? 2 : 1;
      const perItem = format === 'TRL_KTO' ? 2 : 1;
      expect(rows.length, format).toBe((PAYLOADS.length - 3) * perItem - sameLeftOut);
      expect(card).toContain('## Left out of this format');
      expect(card).toContain(`| a system message after the first turn | ${perItem} |`);
      expect(card).toContain(`| the conversation starts with the assistant | ${perItem} |`);
      expect(card).toContain(`| no user message (a system message alone) | ${perItem} |`);
      if (sameLeftOut) expect(card).toContain(`| the preferred and the other response are the same text | ${sameLeftOut} |`);
      expect(card).toContain('consecutive same-role turns were merged');
      expect(card.startsWith('---\nlicense: "cc-by-4.0"\nlanguage:\n- "en"\n')).toBe(true);
      expect(card).toContain(`path: "${exportFileName({ projectTitle: title, format, container: 'lines', part: 'train' })}"`);

      const dir = process.env.BOLTWORK_EXPORT_DUMP_DIR;
      if (dir) {
        const out = path.join(dir, format);
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(path.join(out, 'README.md'), card);
        for (const part of ['train', 'validation'] as const) fs.writeFileSync(path.join(out, exportFileName({ projectTitle: title, format, container: 'lines', part })), texts[part]);
      }
    }
  });
});
