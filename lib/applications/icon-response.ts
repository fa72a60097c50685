/** An uploaded icon as an HTTP response: its stored type, never sniffed by the browser, never run as a document. */
import { readApplicationIcon } from './read-application-icon';
import type { DbOrTx } from '../db';

export async function applicationIconResponse(db: DbOrTx, id: string): Promise<Response> {
  const icon = id.length <= 64 ? await readApplicationIcon(db, id) : null;
  if (!icon) return new Response('No such icon.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
  return new Response(Buffer.from(icon.data), {
    headers: {
      'Content-Type': icon.type,
      'Content-Length': String(icon.data.length),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'",
      'Cache-Control': 'private, max-age=300',
    },
  });
}
