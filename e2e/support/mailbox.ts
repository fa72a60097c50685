/**
 * Reads mail caught by the SMTP catcher process (e2e/support/smtp-catcher.mjs) started by
 * scripts/test.mjs. Used by integration tests and Playwright tests alike.
 */
export type CaughtMail = {
  id: number;
  receivedAt: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
};

export function mailboxApi(): string {
  const api = process.env.GATEHOUSE_TEST_SMTP_API;
  if (!api) throw new Error('GATEHOUSE_TEST_SMTP_API is not set: run the tests with npm test (it starts the SMTP catcher)');
  return api;
}

export async function listMail(to?: string): Promise<CaughtMail[]> {
  const url = new URL('/messages', mailboxApi());
  if (to) url.searchParams.set('to', to);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`SMTP catcher answered ${response.status}`);
  return (await response.json()) as CaughtMail[];
}

/** Waits until a message to `to` (optionally with a subject matching `subject`) arrives. */
export async function waitForMail(to: string, options: { subject?: RegExp; timeoutMs?: number; after?: number } = {}): Promise<CaughtMail> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const found = (await listMail(to)).filter(
      (m) => (options.after === undefined || m.id > options.after) && (!options.subject || options.subject.test(m.subject)),
    );
    if (found.length) return found[found.length - 1]!;
    if (Date.now() > deadline) throw new Error(`no mail to ${to}${options.subject ? ` matching ${options.subject}` : ''} arrived`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The first link in a message's text whose path starts with `pathPrefix`. */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  const link = mail.text.match(/https?:\/\/\S+/g)?.find((url) => new URL(url).pathname.startsWith(pathPrefix));
  if (!link) throw new Error(`no ${pathPrefix} link in mail "${mail.subject}":\n${mail.text}`);
  return link;
}
