/**
 * The accessibility scan every page gets: axe-core against WCAG 2.0/2.1 A and AA, reporting
 * serious and critical violations as a readable list (rule, impact, the elements it found).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export type Finding = { rule: string; impact: string; help: string; targets: string[]; details: string[] };

/** Serious and critical violations on the page as it is now; `rules` narrows the scan (e.g. ['color-contrast']). */
export async function seriousViolations(page: Page, rules?: string[]): Promise<Finding[]> {
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (rules) builder.withRules(rules);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
      // What axe measured (a contrast ratio and its colours, a missing name), on one line per element.
      details: v.nodes.map((n) => `${n.html.slice(0, 100)} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 200)}`),
    }));
}

export function describeFindings(findings: Finding[]): string {
  return findings
    .map(
      (f) =>
        `${f.rule} (${f.impact}): ${f.help}\n${f.targets
          .slice(0, 8)
          .map((t, i) => `    ${t}\n      ${f.details[i]}`)
          .join('\n')}`,
    )
    .join('\n');
}
