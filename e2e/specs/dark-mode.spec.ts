/**
 * With the system in dark mode (prefers-color-scheme: dark) every page in e2e/support/pages.ts
 * draws the dark palette: a dark body with light text, no light box left on the dark page, and
 * axe's contrast check passes (the full scan in both modes is a11y.spec.ts).
 */
import { describeFindings, seriousViolations } from '../support/axe';
import { contextAs, openPage, PAGES, preparePageData, type PageData } from '../support/pages';
import { expect, test } from '../support/test';

let data: PageData;
test.beforeAll(async () => {
  data = await preparePageData();
});

for (const entry of PAGES) {
  test(`${entry.name} in dark mode: dark palette, no light box, enough contrast`, async ({ browser }) => {
    const { context, user } = await contextAs(browser, entry.who, { colorScheme: 'dark' });
    try {
      const page = await context.newPage();
      await openPage(page, entry, data, user);
      const palette = await page.evaluate(() => {
        // Relative luminance (WCAG) of any CSS colour (Tailwind's are oklch), read back through a
        // canvas as sRGB; null when (nearly) transparent.
        const canvas = document.createElement('canvas').getContext('2d', { willReadFrequently: true })!;
        const luminance = (css: string) => {
          canvas.clearRect(0, 0, 1, 1);
          canvas.fillStyle = css;
          canvas.fillRect(0, 0, 1, 1);
          const [r, g, b, a] = canvas.getImageData(0, 0, 1, 1).data;
          if (a! < 128) return null;
          const [lr, lg, lb] = [r!, g!, b!].map((v) => {
            const c = v / 255;
            return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * lr! + 0.7152 * lg! + 0.0722 * lb!;
        };
        const body = getComputedStyle(document.body);
        // Boxes of some size (cards, tables, panels, fields) that paint a light background. Left out on
        // purpose: images (a QR code keeps its white quiet zone, scanners need it) and the frame that
        // previews an email as mail programs draw it.
        const light = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((el) => el.tagName !== 'IMG' && el.tagName !== 'IFRAME')
          .filter((el) => {
            const box = el.getBoundingClientRect();
            const l = luminance(getComputedStyle(el).backgroundColor);
            return box.width * box.height > 400 && l !== null && l > 0.4;
          })
          .map(
            (el) =>
              `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${[...el.classList].slice(0, 4).join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}"`,
          );
        return { background: luminance(body.backgroundColor), text: luminance(body.color), light };
      });
      expect(palette.background, 'the body background is dark').toBeLessThan(0.05);
      expect(palette.text, 'the body text is light').toBeGreaterThan(0.6);
      expect(palette.light, `${entry.name}: light boxes on the dark page`).toEqual([]);
      const contrast = await seriousViolations(page, ['color-contrast']);
      expect(contrast, describeFindings(contrast)).toEqual([]);
    } finally {
      await context.close();
    }
  });
}
