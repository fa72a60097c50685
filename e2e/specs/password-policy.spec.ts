/**
 * The password policy in the browser: the "choose a password" link an admin sends refuses
 * `Summer2024!!` and the other passwords a new user tried, each with a message that says why,
 * next to the highlighted field; a passphrase of unrelated words is then accepted.
 */
import { randomBytes } from 'node:crypto';
import { linkIn, waitForMail } from '../support/mailbox';
import { ADMIN_STATE, mainPortal } from '../support/portal';
import { anonymousContext, expect, test } from '../support/test';

test.use({ storageState: ADMIN_STATE });

test('the password link refuses Summer2024!! and its kin, saying why next to the highlighted field', async ({ page, browser }) => {
  test.setTimeout(90_000);
  const suffix = randomBytes(3).toString('hex');
  const username = `pia-${suffix}`;
  const email = `pia.${suffix}@example.test`;
  await page.goto('/admin/users');
  await page.getByRole('link', { name: 'New user' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Display name').fill(`Pia ${suffix}`);
  await page.getByRole('button', { name: 'Create user and send link' }).click();
  await expect(page.getByTestId('form-message')).toContainText(`Created ${username}.`);

  const link = linkIn(await waitForMail(email, { subject: /choose a password/ }), '/password/');
  const person = await anonymousContext(browser, mainPortal().url);
  const p = await person.newPage();
  await p.goto(link);
  const field = p.getByLabel('New password');
  const error = p.locator('#field-password-error');

  const refused: [string, RegExp][] = [
    ['Summer2024!!', /too easy to guess\. A single word with a year, digits or symbols added \(like Summer2024!\)/],
    ['Password123!', /too easy to guess\. It is a commonly used password/],
    ['qwertyuiop123', /too easy to guess\. It is a commonly used password: it appears in lists of leaked passwords/],
  ];
  for (const [password, message] of refused) {
    await field.fill(password);
    await p.getByLabel('Repeat the password').fill(password);
    await p.getByRole('button', { name: 'Set password and sign in' }).click();
    await expect(error).toContainText(message);
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(field).toHaveAttribute('aria-describedby', /field-password-error/);
  }

  const passphrase = `walnut meteor ${suffix} quilt`;
  await field.fill(passphrase);
  await p.getByLabel('Repeat the password').fill(passphrase);
  await p.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(p.getByText('Your password is set and you are signed in.')).toBeVisible();
  await person.close();
});
