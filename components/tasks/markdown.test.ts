// The plain-text fast path of <Markdown> must render exactly what the parser renders, for every text it accepts.
import { createElement, isValidElement, type ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { exampleItems } from '@/lib/tasks';
import { mulberry32 } from '@/lib/tasks/test-helpers';
import { ParsedMarkdown, PlainParagraphs, plainParagraphs } from './markdown';

/** A host-element tree: function components called (none of these use hooks), keys and markdown `node` props dropped. */
function expand(node: ReactNode): unknown {
  if (node === null || node === undefined || typeof node === 'boolean') return null;
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(expand).filter((child) => child !== null);
  if (!isValidElement(node)) throw new Error(`unexpected node ${String(node)}`);
  const { children, node: _mdast, ...props } = node.props as Record<string, unknown> & { children?: ReactNode };
  if (typeof node.type === 'function') return expand((node.type as (p: unknown) => ReactNode)(node.props));
  if (typeof node.type === 'symbol') return expand(children); // fragments
  return { type: node.type, props, children: expand(children) };
}

const stringsIn = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(stringsIn) : [];

const viaParser = (text: string) => expand(createElement(ParsedMarkdown, { children: text }));
const viaFastPath = (paragraphs: string[]) => expand(createElement(PlainParagraphs, { paragraphs }));

const SAFE = 'abcdefghij KLMNOP éßñ 0123456789 ,.;:?!\'"()/%$€—…’“”\n';

describe('plainParagraphs', () => {
  it('renders what the parser renders, for every text it takes (a random corpus and the example items)', () => {
    const random = mulberry32(14);
    const texts = Array.from({ length: 600 }, () => Array.from({ length: 1 + Math.floor(random() * 80) }, () => SAFE[Math.floor(random() * SAFE.length)]).join(''));
    for (const items of Object.values(exampleItems)) {
      for (const { payload } of items) texts.push(...stringsIn(payload));
    }
    texts.push('', 'One line.', 'Two\nlines.', 'Two\n\nparagraphs.', 'a\n\n\n\nb\nc\n', '\n\nleading and trailing blank lines\n\n');
    let fast = 0;
    for (const text of texts) {
      const paragraphs = plainParagraphs(text);
      if (!paragraphs) continue;
      fast += 1;
      expect(viaFastPath(paragraphs), JSON.stringify(text)).toEqual(viaParser(text));
    }
    expect(fast).toBeGreaterThan(300); // the fast path is really taken
  });

  it('leaves anything markdown reads as syntax to the parser', () => {
    for (const text of ['**bold**', '_em_', '`code`', '# Title', '> quote', '- item', '1. item', '2) item', 'a | b', 'x\n===', '[a](b)',
      '<b>x</b>', 'AT&amp;T', 'see https://example.com', 'www.example.com', 'me@example.com', '    code', 'tab\there', 'hard  \nbreak', '~~s~~', '\\*']) {
      expect(plainParagraphs(text), text).toBeNull();
    }
  });
});

describe('direction of requester text', () => {
  it('gives every block dir="auto", so Hebrew and Arabic read right to left in the fast path and the parser alike', () => {
    type Block = { type: string; props: Record<string, unknown>; children: unknown };
    const blocks = (tree: unknown): Block[] =>
      Array.isArray(tree) ? tree.flatMap(blocks) : tree && typeof tree === 'object' && 'type' in tree ? [tree as Block, ...blocks((tree as Block).children)] : [];
    const hebrew = 'שלום עולם, מה שלומך?';
    const arabic = 'مرحبا بالعالم';
    for (const tree of [viaFastPath([hebrew, arabic]), viaParser(`# ${hebrew}\n\n- ${arabic}\n- ${hebrew}\n\n> ${arabic}\n\n| ${hebrew} |\n| --- |\n| ${arabic} |`)]) {
      const textBlocks = blocks(tree).filter((block) => ['p', 'h2', 'li', 'blockquote', 'th', 'td'].includes(block.type));
      expect(textBlocks.length).toBeGreaterThan(1);
      for (const block of textBlocks) expect(block.props.dir, block.type).toBe('auto');
    }
  });
});

describe('headings of requester text', () => {
  type Block = { type: string; children: unknown };
  const headingsOf = (tree: unknown): string[] =>
    Array.isArray(tree) ? tree.flatMap(headingsOf) : tree && typeof tree === 'object' && 'type' in tree
      ? [...(/^h[1-6]$/.test((tree as Block).type) ? [(tree as Block).type] : []), ...headingsOf((tree as Block).children)]
      : [];

  it('start at h2 under the page title and never skip a level, whatever levels the requester wrote (axe heading-order)', () => {
    expect(headingsOf(viaParser('# Title\n\n## Part\n\n### Detail'))).toEqual(['h2', 'h3', 'h4']);
    expect(headingsOf(viaParser('### Starts deep\n\ntext\n\n##### Deeper still\n\n## Back up'))).toEqual(['h2', 'h3', 'h2']);
    expect(headingsOf(viaParser('# A\n\n#### Skips two\n\n> ###### Quoted'))).toEqual(['h2', 'h3', 'h4']);
  });
});
