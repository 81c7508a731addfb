import AxeBuilder from '@axe-core/playwright';
import { appendFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

// Every axe rule of WCAG 2.0/2.1/2.2 A and AA, plus axe's best practices.
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Moderate rules issue 17 named, held to zero like the serious and critical ones: headings in order, landmarks
 * unique and holding all content, scrollable regions reachable by keyboard.
 */
const namedRules = new Set([
  'heading-order',
  'landmark-unique',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main',
  'landmark-one-main',
  'region',
  'scrollable-region-focusable',
]);

type Finding = { rule: string; impact: string; targets: string[]; help: string };

/** True for what fails the check: a serious or critical violation, or one of the moderate rules named above. */
function isBlocking(finding: Finding): boolean {
  return finding.impact === 'serious' || finding.impact === 'critical' || namedRules.has(finding.rule);
}

/** One line per rule: `rule (impact): help — target, target, ...`, readable in a failed test's message. */
export function describeFindings(findings: Finding[]): string {
  return findings.map((f) => `  ${f.rule} (${f.impact}): ${f.help}\n      ${f.targets.slice(0, 6).join('\n      ')}${f.targets.length > 6 ? `\n      … ${f.targets.length - 6} more` : ''}`).join('\n');
}

/**
 * Runs axe on what `page` shows now and records, under `where`, each blocking violation as a soft failure (so one
 * run lists every page's problems). Other, minor findings are logged, not failed.
 */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const started = Date.now();
  const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
  const findings: Finding[] = violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    targets: v.nodes.map((node) => node.target.join(' ')),
  }));
  if (process.env.A11Y_LOG) appendFileSync(process.env.A11Y_LOG, `${JSON.stringify({ where, ms: Date.now() - started, findings })}\n`);
  const blocking = findings.filter(isBlocking);
  const minor = findings.filter((f) => !isBlocking(f));
  if (minor.length > 0) console.log(`a11y (minor) on ${where}:\n${describeFindings(minor)}`);
  expect.soft(describeFindings(blocking), `axe on ${where}`).toBe('');
}
