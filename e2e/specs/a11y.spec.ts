/**
 * An axe-core scan (WCAG 2.0 and 2.1, A and AA) of every page in e2e/support/pages.ts, in light
 * and in dark mode: no serious or critical violation.
 */
import { describeFindings, seriousViolations } from '../support/axe';
import { contextAs, openPage, PAGES, preparePageData, type PageData } from '../support/pages';
import { expect, test } from '../support/test';

/**
 * Known violations, `page name · scheme` → axe rule ids, for a page whose fix must wait (say why
 * beside the entry). Empty: every page passes. An entry that no longer matches a violation fails
 * the test, so the list cannot outlive its reason.
 */
const KNOWN_VIOLATIONS: Record<string, string[]> = {};

let data: PageData;
test.beforeAll(async () => {
  data = await preparePageData();
});

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} mode`, () => {
    for (const entry of PAGES) {
      test(`${entry.name}: no serious or critical axe violation`, async ({ browser }) => {
        const { context, user } = await contextAs(browser, entry.who, { colorScheme });
        try {
          const page = await context.newPage();
          await openPage(page, entry, data, user);
          const findings = await seriousViolations(page);
          const known = KNOWN_VIOLATIONS[`${entry.name} · ${colorScheme}`] ?? [];
          const unexpected = findings.filter((f) => !known.includes(f.rule));
          expect(unexpected, `axe on ${entry.name} (${page.url()}):\n${describeFindings(unexpected)}`).toEqual([]);
          const stale = known.filter((rule) => !findings.some((f) => f.rule === rule));
          expect(stale, `known violations on ${entry.name} no longer found: delete them from KNOWN_VIOLATIONS`).toEqual([]);
        } finally {
          await context.close();
        }
      });
    }
  });
}
