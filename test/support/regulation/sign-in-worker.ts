/**
 * A separate Gatehouse process for the multi-instance regulation test: connects to the database
 * named on the command line and makes wrong-password sign-ins through the real sign-in code, as
 * an instance behind the same load balancer would. Prints one JSON line of the results.
 *
 * Bundled with esbuild by lib/regulation/credentials.integration.test.ts, then run as
 *   node sign-in-worker.mjs <dialect> <url> <login> <ip> <attempts> <startAtMs>
 */
import { signInWithPassword } from '../../../lib/auth/password/sign-in-with-password';
import type { Dialect } from '../../../lib/config';
import { createDb } from '../../../lib/db';

async function main() {
  const [dialect, url, login, ip, attempts, startAt] = process.argv.slice(2);
  const db = createDb({ dialect: dialect as Dialect, url: url! });
  // Both workers wait for the same moment, so their attempts really overlap.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const messages = await Promise.all(
    Array.from({ length: Number(attempts) }, () =>
      signInWithPassword(db, {
        login: login!,
        password: 'wrong password from another instance',
        meta: { ip: ip!, userAgent: `worker ${process.pid}` },
        sessionMaxAgeMs: 3_600_000,
      }).then((r) => (r.ok ? 'ok' : r.message)),
    ),
  );
  await db.$disconnect();
  process.stdout.write(`${JSON.stringify({ pid: process.pid, messages })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
