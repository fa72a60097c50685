/**
 * README's local try-out, exactly as a newcomer runs it: `npm run try-out` (here with a free port
 * and a data folder of its own), then in the browser only, with the keyboard only: the setup
 * link, the first admin's authenticator app, the admin overview, and the sample application on
 * *.gatehouse.localhost behind the Caddy configuration Gatehouse generated — first refused to a
 * stranger, then opened by the admin with two factors. Every action is counted and printed; a
 * first run must take at most 15 (typing into a field, pressing a key that submits or follows a
 * link, or opening an address). Tab presses are counted apart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { freeLoopbackPort } from '../../test/support/free-port';
import { anonymousContext, expect, freshTotpCode, test } from '../support/test';

const admin = { username: 'tryer', email: 'tryer@example.test', displayName: 'Tess Tryer', password: 'juniper harbour 5521 lantern' };
const MAX_ACTIONS = 15;

let child: ChildProcess | undefined;
let dataDir = '';
let output = '';

async function startTryOut(port: number): Promise<{ setup: string; app: string; portal: string }> {
  dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-try-out-'));
  child = spawn(process.execPath, ['scripts/try-out.mjs', '--port', String(port), '--data', dataDir, '--proxy', 'caddy'], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  const ready = new Promise<RegExpMatchArray>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/try-out ready portal=(\S+) app=(\S+) setup=(\S+)/);
      if (match) resolve(match);
    };
    child!.stdout!.on('data', onData);
    child!.stderr!.on('data', onData);
    child!.once('exit', (code) => reject(new Error(`npm run try-out exited (${code}) before it was ready:\n${output.slice(-3000)}`)));
  });
  const match = await ready;
  return { portal: match[1]!, app: match[2]!, setup: match[3]! };
}

test.afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The newcomer's keyboard: counts actions (and Tab presses), never clicks. */
function keyboardUser(page: Page) {
  const actions: string[] = [];
  let tabs = 0;
  async function tabTo(target: Locator, what: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      if (await target.evaluate((node) => node === document.activeElement).catch(() => false)) return;
      await page.keyboard.press('Tab');
      tabs++;
    }
    throw new Error(`Tab never reached ${what}`);
  }
  return {
    async open(url: string, what: string) {
      actions.push(`open ${what}`);
      await page.goto(url);
    },
    async type(label: string, text: string) {
      await tabTo(page.getByLabel(label, { exact: true }), label);
      actions.push(`type ${label}`);
      await page.keyboard.type(text);
    },
    async press(target: Locator, what: string) {
      await tabTo(target, what);
      actions.push(`press ${what}`);
      await page.keyboard.press('Enter');
    },
    summary: () => ({ actions, tabs }),
  };
}

test('npm run try-out, then the first run in the browser: setup link → two factors → the protected sample app, keyboard only, ≤ 15 actions', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const { setup, app, portal } = await startTryOut(await freeLoopbackPort());
  expect(app).toMatch(/^http:\/\/whoami\.gatehouse\.localhost:\d+$/);

  // A stranger is sent to sign in by the proxy, not let through.
  const stranger = await anonymousContext(browser, portal);
  const strangerPage = await stranger.newPage();
  await strangerPage.goto(app);
  await expect(strangerPage).toHaveURL(new RegExp(`^${portal.replace(/[.]/g, '\\.')}/sign-in\\?rd=`));
  await stranger.close();

  const user = keyboardUser(page);
  await user.open(setup, 'the setup link');
  await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
  await user.type('Username', admin.username);
  await user.type('Email', admin.email);
  await user.type('Display name', admin.displayName);
  await user.type('Password', admin.password);
  await user.type('Repeat the password', admin.password);
  await user.press(page.getByRole('button', { name: 'Create admin account' }), 'Create admin account');

  // Straight to the authenticator app: no mail, no file on the server.
  await expect(page).toHaveURL(/\/security\/add\/totp\?grant=/, { timeout: 30_000 });
  await expect(page.getByTestId('setup-done')).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await user.type('Code from the app', await freshTotpCode(secret));
  await user.press(page.getByRole('button', { name: 'Add the app' }), 'Add the app');
  await expect(page.getByTestId('recovery-code')).toHaveCount(10, { timeout: 30_000 });
  await user.press(page.getByRole('link', { name: 'I have saved them: continue' }), 'continue');

  // The admin overview: the checklist knows the sample application and the admin's factor.
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('checklist-application')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('checklist-second-factor')).toHaveAttribute('data-done', 'true');

  // The protected sample application, through the proxy, with the admin's two-factor session.
  await user.open(app, 'the sample app');
  await expect(page.getByTestId('remote-user')).toHaveText(admin.username);
  await expect(page.getByRole('heading', { name: `Hello, ${admin.displayName}!` })).toBeVisible();

  const { actions, tabs } = user.summary();
  console.log(`[try-out] first run: ${actions.length} actions (${tabs} Tab presses): ${actions.join(' → ')}`);
  expect(actions.length).toBeLessThanOrEqual(MAX_ACTIONS);
});
