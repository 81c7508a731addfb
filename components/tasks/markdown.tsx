// Server component: requester markdown → sanitized React nodes. Never import this from a client module
// (it would ship react-markdown to phones); render it on the server and pass the result as props/children.
import ReactMarkdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { describeUrl, isExternalUrl, safeMarkdownUrl } from './markdown-url';

const LINK_REL = 'noopener noreferrer nofollow ugc';
const PARAGRAPH_CLASS = 'my-3 first:mt-0 last:mb-0';
const linkClass =
  'font-medium text-bolt-700 underline underline-offset-2 break-words dark:text-bolt-400 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-bolt-500 rounded-sm';

// remark-rehype prefixes footnote ids with 'user-content-' and rehype-sanitize prefixes them again;
// the links point at the single-prefixed form.
function fixId(id: string | undefined): string | undefined {
  return id?.replace(/^user-content-(?=user-content-)/, '');
}

type SafeLinkProps = { href: string; children: React.ReactNode; className?: string; id?: string };

function SafeLink({ href, children, className, id }: SafeLinkProps) {
  if (!href) return <span id={id} className={className}>{children}</span>;
  const external = isExternalUrl(href);
  return (
    <a
      id={id}
      href={href}
      className={className ?? linkClass}
      {...(external && { target: '_blank', rel: LINK_REL })}
    >
      {children}
    </a>
  );
}

const components: Components = {
  a: ({ href, children, id }) => (
    <SafeLink href={safeMarkdownUrl(href)} id={fixId(id)}>
      {children}
    </SafeLink>
  ),
  // Images are never loaded (tracking pixels, huge files on a prepaid plan): the alt text links to them.
  img: ({ src, alt }) => {
    const href = safeMarkdownUrl(typeof src === 'string' ? src : '');
    const label = alt?.trim() || (href ? describeUrl(href) : '');
    return (
      <SafeLink
        href={href}
        className="inline-flex items-baseline gap-1 rounded-md bg-zinc-100 px-1.5 py-0.5 text-sm text-zinc-700 underline-offset-2 hover:underline dark:bg-zinc-800 dark:text-zinc-300"
      >
        <svg aria-hidden="true" viewBox="0 0 16 16" className="size-3.5 shrink-0 self-center fill-none stroke-current stroke-[1.5]">
          <rect x="1.75" y="2.75" width="12.5" height="10.5" rx="1.5" />
          <circle cx="5.5" cy="6.25" r="1.25" />
          <path d="m2.5 12 4-4 3 3 2-2 2.5 2.5" />
        </svg>
        <span className="break-words">{label || '…'}</span>
      </SafeLink>
    );
  },
  p: ({ children }) => <p dir="auto" className={PARAGRAPH_CLASS}>{children}</p>,
  // Requester headings sit under the page's h1 (and the shifting below leaves no level out), so they start at h2.
  h1: ({ children }) => <h2 dir="auto" className="mb-2 mt-4 text-lg font-bold first:mt-0">{children}</h2>,
  // GFM's footnote heading arrives as <h2 class="sr-only">: keep it visually hidden.
  h2: ({ children, className }) => <h3 dir="auto" className={`mb-2 mt-4 text-base font-bold first:mt-0 ${className ?? ''}`}>{children}</h3>,
  h3: ({ children }) => <h4 dir="auto" className="mb-1 mt-3 font-semibold first:mt-0">{children}</h4>,
  h4: ({ children }) => <h5 dir="auto" className="mb-1 mt-3 font-semibold first:mt-0">{children}</h5>,
  h5: ({ children }) => <h6 dir="auto" className="mb-1 mt-3 font-semibold first:mt-0">{children}</h6>,
  h6: ({ children }) => <p dir="auto" className="mb-1 mt-3 font-semibold text-zinc-600 first:mt-0 dark:text-zinc-400">{children}</p>,
  ul: ({ children, className }) => (
    <ul className={`my-3 space-y-1 first:mt-0 last:mb-0 ${className?.includes('contains-task-list') ? 'list-none ps-0' : 'list-disc ps-5'}`}>
      {children}
    </ul>
  ),
  ol: ({ children, start }) => (
    <ol start={start} className="my-3 list-decimal space-y-1 ps-6 first:mt-0 last:mb-0">
      {children}
    </ol>
  ),
  li: ({ children, id }) => <li id={fixId(id)} dir="auto" className="ps-0.5 [&>ol]:my-1 [&>p]:my-1 [&>ul]:my-1">{children}</li>,
  input: ({ type, checked }) =>
    type === 'checkbox' ? (
      // A task list's box shows a state and takes no input; its name says the state (axe: every input has a name).
      <input type="checkbox" checked={!!checked} disabled aria-label={checked ? 'done' : 'not done'} className="me-1.5 size-4 align-[-2px] accent-bolt-500" />
    ) : null,
  blockquote: ({ children }) => (
    <blockquote dir="auto" className="my-3 border-s-4 border-zinc-300 ps-3 text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
      {children}
    </blockquote>
  ),
  hr: () => <hr className="my-4 border-zinc-200 dark:border-zinc-800" />,
  pre: ({ children }) => (
    <pre
      tabIndex={0}
      className="my-3 overflow-x-auto rounded-lg bg-zinc-100 p-3 font-mono text-[13px] leading-normal whitespace-pre first:mt-0 last:mb-0 focus-visible:outline-2 focus-visible:outline-bolt-500 dark:bg-zinc-900 [&>code]:bg-transparent [&>code]:p-0 [&>code]:text-[inherit]"
    >
      {children}
    </pre>
  ),
  code: ({ children, className }) => (
    <code className={`rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.875em] dark:bg-zinc-800 ${className ?? ''}`}>{children}</code>
  ),
  table: ({ children }) => (
    <div tabIndex={0} className="my-3 overflow-x-auto rounded-lg border border-zinc-200 first:mt-0 last:mb-0 focus-visible:outline-2 focus-visible:outline-bolt-500 dark:border-zinc-800">
      <table className="min-w-full border-collapse text-sm">{children}</table>
    </div>
  ),
  th: ({ children, style }) => (
    <th style={style} dir="auto" className="border-b border-zinc-200 bg-zinc-50 px-3 py-2 text-start font-semibold whitespace-nowrap dark:border-zinc-800 dark:bg-zinc-900">
      {children}
    </th>
  ),
  td: ({ children, style }) => (
    <td style={style} dir="auto" className="border-b border-zinc-100 px-3 py-2 align-top dark:border-zinc-800/60">
      {children}
    </td>
  ),
};

type MarkdownNode = { type: string; depth?: number; children?: MarkdownNode[] };

/**
 * A remark plugin: headings keep their nesting but lose the gaps in it. A heading sits one level below the nearest
 * heading before it that the requester wrote shallower, or at level 1 (`### a`, `##### b`, `## c` read as 1, 2, 1),
 * so a screen reader's outline skips no level (axe heading-order).
 */
function remarkHeadingsInOrder() {
  return (tree: MarkdownNode) => {
    const open: { written: number; level: number }[] = [];
    const visit = (node: MarkdownNode) => {
      if (node.type === 'heading' && node.depth) {
        while (open.length > 0 && open[open.length - 1].written >= node.depth) open.pop();
        const level = (open.at(-1)?.level ?? 0) + 1;
        open.push({ written: node.depth, level });
        node.depth = level;
      }
      node.children?.forEach(visit);
    };
    visit(tree);
  };
}

const remarkPlugins = [remarkGfm, remarkHeadingsInOrder];

// Characters and line shapes markdown may read as syntax (emphasis, code, links and autolinks, HTML, entities,
// headings, quotes, tables, lists, thematic breaks, indented code, hard breaks). Text with none of them is only
// paragraphs; most task texts are such prose.
const SYNTAX_CHARACTER = /[\\`*_~[\]<>#&|=+@{}]|:\/\/|www\.|[^\S \n]|[\u0000-\u0009\u000b-\u001f\u007f]/i;
const SYNTAX_LINE = /^[ \-]|^\d{1,9}[.)]| $/;

/**
 * The paragraphs of a text in which markdown would find no syntax at all, or null when it might: such text is
 * rendered as the parser would render it (markdown.test.ts compares the two on a corpus), without running it, since
 * the phone's task loop renders every item's fields on each tap.
 */
export function plainParagraphs(text: string): string[] | null {
  if (SYNTAX_CHARACTER.test(text)) return null;
  const lines = text.split('\n');
  if (lines.some((line) => SYNTAX_LINE.test(line))) return null;
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of [...lines, '']) {
    if (line !== '') current.push(line);
    else if (current.length > 0) {
      paragraphs.push(current.join('\n'));
      current = [];
    }
  }
  return paragraphs;
}

function PlainParagraphs({ paragraphs }: { paragraphs: string[] }) {
  if (paragraphs.length === 0) return null;
  const rendered = paragraphs.map((text, index) => <p key={`p-${index}`} dir="auto" className={PARAGRAPH_CLASS}>{text}</p>);
  return rendered.length === 1 ? rendered[0] : rendered.flatMap((p, index) => (index === 0 ? [p] : ['\n', p]));
}

/** Renders untrusted requester markdown safely: GFM, sanitized (GitHub schema, no raw HTML), no images. */
export function Markdown({ children, className }: { children: string; className?: string }) {
  const plain = plainParagraphs(children);
  return (
    <div className={`text-base leading-relaxed break-words ${className ?? ''}`}>
      {plain ? (
        <PlainParagraphs paragraphs={plain} />
      ) : (
        <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={[rehypeSanitize]} urlTransform={safeMarkdownUrl} components={components}>
          {children}
        </ReactMarkdown>
      )}
    </div>
  );
}

/** For the equivalence test: the parser's rendering of any text. */
export function ParsedMarkdown({ children }: { children: string }) {
  return (
    <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={[rehypeSanitize]} urlTransform={safeMarkdownUrl} components={components}>
      {children}
    </ReactMarkdown>
  );
}

export { PlainParagraphs };
