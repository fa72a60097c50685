/**
 * A user's last successful sign-ins, from the audit log (the `auth.sign_in` events about them):
 * how, from which browser (described as the sessions list describes it) and address, and when.
 */
import type { DbOrTx } from '../db';
import { describeUserAgent } from '../http/user-agent';

export type TRecentSignIn = {
  id: number;
  at: Date;
  /** "Password", "Passkey", "Email link", a provider's name… */
  method: string;
  /** "Firefox on Linux" (lib/http/user-agent.ts). */
  browser: string;
  ip: string | null;
};

const METHODS: Readonly<Record<string, string>> = {
  password: 'Password',
  passkey: 'Passkey',
  email: 'Email link',
  setup: 'Setup link',
  password_link: 'Password link',
};

/** The method an event's data names, in words; a provider id becomes the provider's name. */
export function describeSignInMethod(data: string | null, providerNames: Readonly<Record<string, string>>): string {
  let method: unknown;
  try {
    method = data ? (JSON.parse(data) as { method?: unknown }).method : undefined;
  } catch {
    method = undefined;
  }
  if (typeof method !== 'string' || method === '') return 'Sign-in';
  if (Object.hasOwn(METHODS, method)) return METHODS[method]!;
  if (Object.hasOwn(providerNames, method)) return providerNames[method]!;
  return method.slice(0, 40);
}

export async function listRecentSignIns(
  db: DbOrTx,
  input: { userId: string; limit: number; providerNames: Readonly<Record<string, string>> },
): Promise<TRecentSignIn[]> {
  const rows = await db.auditEvent.findMany({
    where: { type: 'auth.sign_in', outcome: 'success', targetType: 'user', targetId: input.userId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit,
    select: { id: true, createdAt: true, ip: true, userAgent: true, data: true },
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.createdAt,
    method: describeSignInMethod(row.data, input.providerNames),
    browser: describeUserAgent(row.userAgent),
    ip: row.ip,
  }));
}
