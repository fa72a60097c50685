/**
 * "No secret ever appears in an audit event", checked against what this very run handed out:
 * after every other spec has signed in, set passwords, followed emailed links and made device
 * tokens, no link token from any mail the SMTP catcher caught or any outbox file, no setup link
 * printed to a portal's console, no password the tests typed and nothing shaped like a device or
 * Paperless token is found in any column of any audit event of either portal.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listMail } from '../support/mailbox';
import { mainPortal, outboxPortal, savedAdmin, withDb, type Portal } from '../support/portal';
import { expect, test } from '../support/test';

/** Paths whose last segment is a secret: setup, password, email sign-in and device links. */
const SECRET_LINK = /https?:\/\/[^\s"'<>]+\/(?:setup|password|sign-in\/email|device)\/([A-Za-z0-9_-]{20,})/g;

function tokensIn(text: string): string[] {
  return [...text.matchAll(SECRET_LINK)].map((m) => m[1]!);
}

function outboxText(portal: Portal): string {
  const dir = join(dirname(portal.db), 'outbox');
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) =>
        readFileSync(join(dir, f), 'utf8')
          .replace(/=\r?\n/g, '')
          .replace(/=3D/g, '='),
      )
      .join('\n');
  } catch {
    return '';
  }
}

test('no token, link or password handed out during this run appears in any audit event', async () => {
  const secrets = new Set<string>();
  for (const mail of await listMail()) for (const token of tokensIn(`${mail.text}\n${mail.html}`)) secrets.add(token);
  for (const portal of [mainPortal(), outboxPortal()]) {
    for (const token of tokensIn(readFileSync(portal.log, 'utf8'))) secrets.add(token);
    for (const token of tokensIn(outboxText(portal))) secrets.add(token);
  }
  // Enough to mean something: the specs mail dozens of links.
  expect(secrets.size).toBeGreaterThan(10);
  secrets.add(savedAdmin().password);
  secrets.add(savedAdmin().totpSecret);
  // Every user tests create has a password with this phrase in it (e2e/support/portal.ts).
  secrets.add('pale moon river');

  const leaks: string[] = [];
  let events = 0;
  for (const portal of [mainPortal(), outboxPortal()]) {
    const rows = withDb(portal, (db) => db.prepare('SELECT * FROM "AuditEvent"').all() as Record<string, unknown>[]);
    events += rows.length;
    for (const row of rows) {
      const text = JSON.stringify(row);
      for (const secret of secrets) if (text.includes(secret)) leaks.push(`${row.type} #${row.id}: contains ${secret.slice(0, 6)}…`);
      // Device tokens and Paperless tokens: 40 hex characters.
      if (/(?<![0-9a-f])[0-9a-f]{40}(?![0-9a-f])/.test(text)) leaks.push(`${row.type} #${row.id}: holds a 40-hex value`);
    }
  }
  expect(events).toBeGreaterThan(100);
  expect(leaks).toEqual([]);
});
