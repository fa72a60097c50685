import type { Metadata } from 'next';
import { getEnv } from '@/lib/config';
import { GENERIC_SIGN_IN_PROBLEM, nextAuthErrorMessage } from '@/lib/auth/identity/next-auth-errors';
import { verifiedProblem } from '@/lib/auth/identity/problem-message';
import { LinkProblem } from '../../link-problem';

export const metadata: Metadata = { title: 'Sign-in did not work' };

export default async function ProblemPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
  const signed = verifiedProblem(one('message'), one('sig'), getEnv().secrets.signingKey);
  const code = one('error');
  const message = signed ?? nextAuthErrorMessage(code) ?? GENERIC_SIGN_IN_PROBLEM;
  return <LinkProblem title="Sign-in did not work" message={message} />;
}
