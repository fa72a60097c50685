/**
 * Access rules in the admin pages: the empty state, adding with precise errors, reordering by
 * keyboard and by mouse, deleting with a confirmation, testing a request, importing Authelia
 * YAML with a per-line report (and a hostile 10 MB import refused, in the browser before it is
 * sent and at the server when sent anyway, leaving the rules as they were), and exporting. The
 * steps share one rule list, so they run in order.
 */
import { builtAction, callFormAction } from '../support/build';
import { ADMIN_STATE, mainPortal, withDb } from '../support/portal';
import { expect, test } from '../support/test';

test.describe.configure({ mode: 'serial' });
test.use({ storageState: ADMIN_STATE });

const rows = (page: import('@playwright/test').Page) => page.getByTestId('rule-row');

const MiB = 1024 * 1024;
/** At least `bytes` of well-formed Authelia YAML that would open every app: bypass by default and for each rule. */
function bigYaml(bytes: number): string {
  const lines = ['access_control:', '  default_policy: bypass', '  rules:'];
  for (let i = 0, size = lines.join('\n').length; size < bytes; i++) {
    const rule = `    - domain: "host-${i}.example.com"\n      policy: bypass`;
    lines.push(rule);
    size += rule.length + 1;
  }
  return `${lines.join('\n')}\n`;
}
/** The rules in order and the default policy: the database rows and the export an admin downloads. */
async function ruleSnapshot(page: import('@playwright/test').Page) {
  const stored = withDb(mainPortal(), (db) =>
    db.prepare('SELECT "id", "position", "domains", "policy", "updatedAt" FROM "AccessRule" ORDER BY "position"').all(),
  );
  const exported = await (await page.request.get('/api/admin/rules/export')).text();
  return { stored, exported };
}

test('with no rules the page says plainly what the default does', async ({ page }) => {
  await page.goto('/admin/rules');
  await expect(page.getByText('No rules yet, so every request gets the default policy: deny — nobody gets in.')).toBeVisible();
});

test('add rules: bad lines are pointed at, good ones saved in order', async ({ page }) => {
  await page.goto('/admin/rules');
  await page.getByRole('link', { name: 'Add rule' }).click();
  await page.getByLabel('Domains').fill('paperless.example.com\nnot a domain!');
  // A negative lookahead: JavaScript has it, RE2 (linear-time matching) does not.
  await page.getByLabel('Paths').fill('^/(?!public)');
  await page.getByLabel('Client networks').fill('10.0.0.0/33');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.locator('#field-domains-error')).toContainText('Line 2:');
  await expect(page.locator('#field-paths-error')).toContainText('Line 1:');
  await expect(page.locator('#field-networks-error')).toContainText('Line 1:');
  // Each said once, beside its field; the banner points at them.
  await expect(page.getByTestId('form-message')).toHaveText('Check the highlighted fields.');
  await expect(page.getByLabel('Domains')).toHaveAttribute('aria-invalid', 'true');
  // What was typed is still there to fix.
  await expect(page.getByLabel('Domains')).toHaveValue('paperless.example.com\nnot a domain!');

  await page.getByLabel('Description (optional)').fill('Paperless');
  await page.getByLabel('Domains').fill('paperless.example.com');
  await page.getByLabel('Paths').fill('');
  await page.getByLabel('Client networks').fill('');
  await page.getByRole('radio', { name: /two factors/ }).check();
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByText('Rule added.')).toBeVisible();

  for (const [description, domain, policy] of [
    ['Public API', 'api.example.com', /bypass/],
    ['Admin area', 'admin.example.com', /deny/],
  ] as const) {
    await page.getByRole('link', { name: 'Add rule' }).click();
    await page.getByLabel('Description (optional)').fill(description);
    await page.getByLabel('Domains').fill(domain);
    await page.getByRole('radio', { name: policy }).check();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByText('Rule added.')).toBeVisible();
  }
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(0)).toContainText('Paperless');
  await expect(rows(page).nth(2)).toContainText('Admin area');
});

test('reorder with the keyboard and with the mouse', async ({ page }) => {
  await page.goto('/admin/rules');
  // Keyboard: focus "move rule 3 up" and press Enter.
  await page.getByRole('button', { name: 'Move rule 3 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(rows(page).nth(1)).toContainText('Admin area');
  // Mouse: click "move rule 1 down".
  await page.getByRole('button', { name: 'Move rule 1 down' }).click();
  await expect(rows(page).nth(0)).toContainText('Admin area');
  await expect(rows(page).nth(1)).toContainText('Paperless');
  await expect(page.getByRole('button', { name: 'Move rule 1 up' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Move rule 3 down' })).toBeDisabled();
  // A disabled button looks disabled (faded, not-allowed cursor), an enabled one does not.
  const look = (name: string) =>
    page.getByRole('button', { name }).evaluate((button) => {
      const style = getComputedStyle(button);
      return { opacity: Number(style.opacity), cursor: style.cursor, ariaDisabled: button.getAttribute('aria-disabled') };
    });
  expect(await look('Move rule 1 up')).toEqual({ opacity: 0.45, cursor: 'not-allowed', ariaDisabled: 'true' });
  expect(await look('Move rule 3 down')).toEqual({ opacity: 0.45, cursor: 'not-allowed', ariaDisabled: 'true' });
  expect(await look('Move rule 1 down')).toMatchObject({ opacity: 1, ariaDisabled: 'false' });
  expect((await look('Move rule 1 down')).cursor).not.toBe('not-allowed');
});

test('edit a rule', async ({ page }) => {
  await page.goto('/admin/rules');
  await page.getByRole('link', { name: 'Edit rule 3' }).click();
  await expect(page.getByLabel('Domains')).toHaveValue('api.example.com');
  await page.getByLabel('Paths').fill('/public/');
  await page.getByRole('checkbox', { name: 'GET' }).check();
  await page.getByRole('button', { name: 'Save rule' }).click();
  await expect(page.getByText('Rule saved.')).toBeVisible();
  await expect(rows(page).nth(2)).toContainText('/public/…');
  await expect(rows(page).nth(2)).toContainText('GET');
});

test('test a request: the deciding rule and why the earlier ones did not match', async ({ page }) => {
  await page.goto('/admin/rules/test');
  await page.getByLabel('URL').fill('https://paperless.example.com/documents/');
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByTestId('decision')).toContainText('two factors');
  await expect(page.getByTestId('decision')).toContainText('Decided by rule #2');
  await expect(page.getByTestId('trace')).toContainText('domain paperless.example.com is not in [admin.example.com]');

  await page.getByLabel('URL').fill('https://api.example.com/public/logo.png');
  await page.getByLabel('Method').selectOption('POST');
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByTestId('decision')).toContainText('No rule matched, so the default policy applied (deny).');

  await page.getByLabel('URL').fill('javascript:alert(1)');
  await page.getByLabel('User (empty: anonymous visitor)').fill('<script>nobody</script>');
  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.locator('#field-url-error')).toBeVisible();
  await expect(page.locator('#field-user-error')).toContainText('There is no user');
});

test('delete asks first, naming the rule', async ({ page }) => {
  await page.goto('/admin/rules');
  await page.getByRole('button', { name: 'Delete rule 1' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Delete rule #1');
  await expect(dialog).toContainText('Admin area');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(rows(page)).toHaveCount(3);
  await page.getByRole('button', { name: 'Delete rule 1' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Delete rule #1' }).click();
  await expect(rows(page)).toHaveCount(2);
  await expect(rows(page).nth(0)).toContainText('Paperless');
});

test('import Authelia YAML: problems reported by line, nothing half-imported; then a clean import', async ({ page }) => {
  await page.goto('/admin/rules/transfer');
  const yaml = [
    'access_control:',
    '  default_policy: deny',
    '  rules:',
    '    - domain: "docs.example.com"',
    '      policy: one_factor',
    '    - domain_regex: "^.*\\\\.example\\\\.com$"',
    '      policy: bypass',
    '    - domain: "nas.example.com"',
    '      policy: sometimes',
  ].join('\n');
  await page.getByLabel('Rules as YAML').fill(yaml);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Nothing was imported');
  await expect(page.getByTestId('import-report')).toContainText('Line 6:');
  await expect(page.getByTestId('import-report')).toContainText('Line 9:');
  await page.goto('/admin/rules');
  await expect(rows(page)).toHaveCount(2);

  await page.goto('/admin/rules/transfer');
  await page.getByLabel('Rules as YAML').fill(['access_control:', '  rules:', '    - domain: docs.example.com', '      policy: one_factor'].join('\n'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('form-message')).toContainText('1 rule can be imported');
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Imported 1 rule.');
  await page.goto('/admin/rules');
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(2)).toContainText('docs.example.com');
});

test('a 10 MB paste is refused in the browser with a clear message and never sent; the rules stay as they were', async ({ page }) => {
  // Chromium lays out 10 MB of text in the textarea before the click lands: many seconds, as for a real paste.
  test.slow();
  const before = await ruleSnapshot(page);
  expect(before.stored.length).toBeGreaterThan(0);
  await page.goto('/admin/rules/transfer');
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  const yaml = bigYaml(10 * MiB);
  // fill() would type 10 MB through the input pipeline for minutes; set the value as a paste does.
  const field = page.getByLabel('Rules as YAML');
  await field.evaluate((element, text) => {
    (element as HTMLTextAreaElement).value = text;
  }, yaml);
  await page.getByRole('button', { name: 'Import' }).click();
  await expect(page.getByTestId('form-message')).toHaveText(
    'Nothing was sent or imported: an import holds at most 1 MiB of YAML. Split the rules into smaller files.',
  );
  await expect(page.locator('#field-yaml-error')).toContainText('This is 10.0 MiB;');
  expect(posts).toEqual([]);
  // The paste is still there to cut down, and nothing changed.
  expect(await field.evaluate((element) => (element as HTMLTextAreaElement).value.length)).toBe(yaml.length);
  expect(await ruleSnapshot(page)).toEqual(before);

  // Cut down to size, the same form works again.
  await field.evaluate((element) => {
    (element as HTMLTextAreaElement).value = '';
  });
  await field.fill(['access_control:', '  rules:', '    - domain: small.example.com', '      policy: one_factor'].join('\n'));
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByTestId('form-message')).toContainText('1 rule can be imported');
  await expect(page.locator('#field-yaml-error')).toHaveCount(0);
  expect(await ruleSnapshot(page)).toEqual(before);
});

test('a 10 MB import sent past the browser, and one just over 1 MiB, are refused at the server and change nothing', async ({ page, playwright }) => {
  const before = await ruleSnapshot(page);
  const action = builtAction('importRulesAction', 'app/(dashboard)/admin/rules/actions.ts');
  const api = await playwright.request.newContext({ baseURL: mainPortal().url, storageState: ADMIN_STATE });
  const fields = (yaml: string) => ({ yaml, mode: 'replace', intent: 'import', skipInvalid: 'on' });
  try {
    // Over serverActions.bodySizeLimit (2 MB, next.config.mjs): refused before anything reads it
    // (proxy.ts answers 413; Next's own answer would be a 500).
    const huge = await callFormAction(api, '/admin/rules/transfer', action, mainPortal().url, fields(bigYaml(10 * MiB)));
    expect(huge.status()).toBe(413);
    expect(await huge.text()).not.toContain('Imported');
    expect(await ruleSnapshot(page)).toEqual(before);

    // Under the body limit but over the import limit: the action's own message.
    const over = await callFormAction(api, '/admin/rules/transfer', action, mainPortal().url, fields(bigYaml(MiB + 1000)));
    expect(over.status()).toBe(200);
    expect(await over.text()).toContain('Nothing was imported: an import holds at most 1 MiB of YAML.');
    expect(await ruleSnapshot(page)).toEqual(before);
  } finally {
    await api.dispose();
  }
});

test('export the rules as YAML (page and download)', async ({ page }) => {
  await page.goto('/admin/rules/transfer');
  await expect(page.getByTestId('rules-export')).toContainText('default_policy: deny');
  await expect(page.getByTestId('rules-export')).toContainText('paperless.example.com');
  const download = await page.request.get('/api/admin/rules/export');
  expect(download.headers()['content-disposition']).toContain('gatehouse-access-rules.yml');
  expect(await download.text()).toContain('docs.example.com');
});

test('the default policy can be changed, with a warning for bypass', async ({ page }) => {
  await page.goto('/admin/rules');
  await page.getByLabel('When no rule matches').selectOption('bypass');
  await page.getByRole('button', { name: 'Save default' }).click();
  await expect(page.getByTestId('form-message')).toContainText('Requests no rule matches now get: bypass.');
  await expect(page.getByText('With a bypass default, every app behind the proxy is open to anyone')).toBeVisible();
  await page.getByLabel('When no rule matches').selectOption('deny');
  await page.getByRole('button', { name: 'Save default' }).click();
  await expect(page.getByTestId('form-message')).toContainText('now get: deny.');
});

test('the proxy setup page shows configs for this instance', async ({ page }) => {
  await page.goto('/admin/proxy');
  const configs = page.getByTestId('proxy-config');
  await expect(configs.first()).toBeVisible();
  await expect(page.getByText('auth_request /internal/gatehouse/verify;').first()).toBeVisible();
  await expect(page.getByText('forward_auth').first()).toBeVisible();
  await expect(page.getByText('authResponseHeaders').first()).toBeVisible();
  // The applications come from Admin → Applications (e2e/specs/proxy-config.spec.ts).
  await expect(page.getByRole('link', { name: 'Applications' }).first()).toBeVisible();
});
