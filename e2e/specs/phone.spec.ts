/**
 * At phone width (390 × 844) every page in e2e/support/pages.ts fits: no sideways page scroll,
 * its main action visible, and admin tables that fit their card (low-priority columns step aside,
 * one switch away).
 */
import { contextAs, openPage, PAGES, preparePageData, type PageData } from '../support/pages';
import { expect, test } from '../support/test';

const PHONE = { width: 390, height: 844 };

let data: PageData;
test.beforeAll(async () => {
  data = await preparePageData();
});

for (const entry of PAGES) {
  test(`${entry.name} at 390 px: no sideways page scroll, the main action visible`, async ({ browser }) => {
    const { context, user } = await contextAs(browser, entry.who, { viewport: PHONE });
    try {
      const page = await context.newPage();
      await openPage(page, entry, data, user);
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.scrollingElement!.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth, `${entry.name} scrolls sideways`).toBeLessThanOrEqual(innerWidth);
      await expect(page.getByRole(entry.action.role, { name: entry.action.name }).first()).toBeVisible();
      if (entry.tables) {
        const overflowing = await page
          .getByTestId('table-scroller')
          .evaluateAll((boxes) => boxes.filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => `${box.scrollWidth} > ${box.clientWidth}`));
        expect(overflowing, `${entry.name}: tables wider than their card`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
}

test('a table hides its low-priority columns on a phone and shows them all at a switch, by keyboard too', async ({ browser }) => {
  const { context } = await contextAs(browser, 'admin', { viewport: PHONE });
  try {
    const page = await context.newPage();
    await page.goto('/admin/audit');
    const table = page.getByRole('table').first();
    const visibleHeadings = () => table.locator('thead th').evaluateAll((cells) => cells.filter((c) => (c as HTMLElement).offsetParent !== null).length);
    const all = await table.locator('thead th').count();
    const few = await visibleHeadings();
    expect(few).toBeLessThan(all);
    // Every row keeps the same cells as its heading row (nothing shifted under another heading).
    const rowCells = await table
      .locator('tbody tr')
      .first()
      .evaluate((row) => [...row.children].filter((c) => (c as HTMLElement).offsetParent !== null).length);
    expect(rowCells).toBe(few);
    const toggle = page.getByRole('checkbox', { name: /Show all \d+ columns/ }).first();
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    expect(await visibleHeadings()).toBe(all);
    await page.keyboard.press('Space');
    expect(await visibleHeadings()).toBe(few);
    // On a laptop every column shows and the switch is gone.
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(await visibleHeadings()).toBe(all);
    await expect(toggle).toBeHidden();
  } finally {
    await context.close();
  }
});
