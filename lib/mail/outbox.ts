/**
 * Reads the outbox (mail kept as .eml files when no SMTP server is configured) for the admin
 * Mail page. File names are checked against a strict pattern, so no path can be smuggled in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { OUTBOX_FILE_PATTERN } from './transport';

export type OutboxEntry = { id: string; date: Date; to: string; subject: string };
export type OutboxMessage = OutboxEntry & { from: string; text: string; html: string | null };

function names(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => OUTBOX_FILE_PATTERN.test(name))
      .sort()
      .reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function addressText(value: unknown): string {
  if (!value) return '';
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (item as { text?: string }).text ?? '').join(', ');
}

export async function listOutbox(dir: string, options: { offset?: number; limit?: number } = {}): Promise<{ total: number; entries: OutboxEntry[] }> {
  const all = names(dir);
  const slice = all.slice(options.offset ?? 0, (options.offset ?? 0) + (options.limit ?? 50));
  const entries = await Promise.all(
    slice.map(async (id) => {
      const parsed = await simpleParser(readFileSync(join(dir, id)), { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
      return { id, date: parsed.date ?? statSync(join(dir, id)).mtime, to: addressText(parsed.to), subject: parsed.subject ?? '(no subject)' };
    }),
  );
  return { total: all.length, entries };
}

export async function readOutboxMessage(dir: string, id: string): Promise<OutboxMessage | null> {
  if (!OUTBOX_FILE_PATTERN.test(id)) return null;
  let raw: Buffer;
  try {
    raw = readFileSync(join(dir, id));
  } catch {
    return null;
  }
  const parsed = await simpleParser(raw, { skipTextToHtml: true, skipImageLinks: true });
  return {
    id,
    date: parsed.date ?? new Date(0),
    to: addressText(parsed.to),
    from: addressText(parsed.from),
    subject: parsed.subject ?? '(no subject)',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
  };
}
