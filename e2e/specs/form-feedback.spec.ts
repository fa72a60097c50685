/**
 * What a refused form says, and where: each error once. An error whose field the form shows sits
 * beside that field (highlighted, aria-invalid, described by the message) and the banner says
 * "Check the highlighted fields."; an error with no field on the page is said in the banner
 * alone, and then nothing claims to be highlighted (placeErrors in lib/actions/form-state.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { ADMIN_STATE, createUser, mainPortal } from '../support/portal';
import { expect, test } from '../support/test';

test.use({ storageState: ADMIN_STATE });

async function fillNewUser(page: Page, username: string) {
  const suffix = randomBytes(3).toString('hex');
  await page.goto('/admin/users/new');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`feedback.${suffix}@example.test`);
  await page.getByLabel('Display name').fill(`Feedback ${suffix}`);
}

test('a taken username is said once, beside the highlighted field; the banner only points at it', async ({ page }) => {
  const existing = await createUser(mainPortal());
  await fillNewUser(page, existing.username);
  await page.getByRole('button', { name: 'Create user and send link' }).click();
  await expect(page.locator('#field-username-error')).toHaveText('That username is taken.');
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  await expect(page.getByText('That username is taken.')).toHaveCount(1);
  const username = page.getByLabel('Username');
  await expect(username).toHaveAttribute('aria-invalid', 'true');
  await expect(username).toHaveAttribute('aria-describedby', /field-username-error/);
  // The other fields are not highlighted.
  await expect(page.getByLabel('Email')).not.toHaveAttribute('aria-invalid', 'true');
});

test('a malformed value is said beside its field, not again in the banner', async ({ page }) => {
  await fillNewUser(page, 'Not A Username!');
  await page.getByRole('button', { name: 'Create user and send link' }).click();
  const fieldError = page.locator('#field-username-error');
  await expect(fieldError).toBeVisible();
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  const text = await fieldError.innerText();
  await expect(page.getByText(text, { exact: true })).toHaveCount(1);
  await expect(page.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
});

test('an error for a field the form does not show is said once, in the banner, and nothing claims to be highlighted', async ({ page }) => {
  const existing = await createUser(mainPortal());
  await fillNewUser(page, existing.username);
  // This form, as sent, does not show the username's error beside the field (as a form without
  // that field would): the marker the field sends is taken out before sending.
  await page.locator('input[type="hidden"][name="$FIELD"][value="username"]').evaluate((marker) => marker.remove());
  await page.getByRole('button', { name: 'Create user and send link' }).click();
  await expect(page.getByTestId('form-message')).toHaveText('That username is taken.');
  await expect(page.getByText('Check the highlighted fields.')).toHaveCount(0);
  await expect(page.locator('#field-username-error')).toHaveCount(0);
  await expect(page.locator('[aria-invalid="true"]')).toHaveCount(0);
});
