import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '@/lib/i18n/messages/en/tasks.json';
import es from '@/lib/i18n/messages/es/tasks.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) =>
      typeof value === 'string' ? [[prefix + key, value]] : Object.entries(flatten(value, `${prefix}${key}.`)),
    ),
  );
}

/** Top-level ICU argument names ({name}, {name, plural, ...}). */
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([a-zA-Z]+)\s*[,}]/g)].map((m) => m[1]))].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('tasks messages', () => {
  const enFlat = flatten(en as Tree);
  const esFlat = flatten(es as Tree);

  it('Spanish has exactly the English keys, with the same arguments', () => {
    expect(Object.keys(esFlat).sort()).toEqual(Object.keys(enFlat).sort());
    for (const [key, message] of Object.entries(enFlat)) {
      expect(argumentsOf(esFlat[key]), key).toEqual(argumentsOf(message));
    }
  });

  it('every key the components use exists', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.resolve(__dirname))) {
      const source = readFileSync(file, 'utf8');
      if (!source.includes("useTranslations('tasks')")) continue;
      for (const m of source.matchAll(/\bt\('([a-zA-Z.]+)'/g)) used.add(m[1]);
    }
    // Keys built from unions (roles, choices, flags, shortcut actions).
    for (const role of ['system', 'user', 'assistant']) used.add(`roles.${role}`);
    for (const choice of ['A', 'B', 'tie', 'both_bad']) used.add(`pairwise.choice.${choice}`);
    for (const verdict of ['A', 'B', 'tie']) used.add(`pairwise.verdict.${verdict}`);
    for (const strength of ['slightly', 'much']) used.add(`pairwise.strengthOption.${strength}`);
    for (const flag of ['broken', 'unsafe']) used.add(`flag.${flag}`);
    const actions = ['pickLabel', 'toggleLabel', 'pickA', 'pickB', 'pickTie', 'pickBothBad', 'rankResponse', 'undoRank', 'score', 'submit', 'back'];
    for (const action of actions) used.add(`shortcuts.${action}`);
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) expect(enFlat, key).toHaveProperty([key]);
  });
});
