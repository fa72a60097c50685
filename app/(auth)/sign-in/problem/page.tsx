import type { Metadata } from 'next';
import { getEnv } from '@/lib/env';
import { verifiedProblem } from '@/lib/signup/problem-message';
import { LinkProblem } from '../../link-problem';

export const metadata: Metadata = { title: 'Sign-in did not work' };

/** next-auth's error codes (pages.error), in words. https://next-auth.js.org/configuration/pages#error-page */
const NEXT_AUTH_ERRORS: Record<string, string> = {
  OAuthSignin: 'Gatehouse could not start the sign-in with the provider. Try again; if it keeps failing, tell your administrator.',
  OAuthCallback: 'The provider\'s answer could not be checked (it was replayed, came from another browser tab, or took too long). Start the sign-in again.',
  OAuthAccountNotLinked: 'This provider account is not linked to yours.',
  Callback: 'The sign-in could not be completed. Start again.',
  AccessDenied: 'The sign-in was refused.',
  Configuration: 'Sign-in with this provider is not set up correctly. Tell your administrator.',
  Verification: 'This sign-in link is no longer valid.',
};

export default async function ProblemPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (name: string) => (typeof params[name] === 'string' ? (params[name] as string) : undefined);
  const signed = verifiedProblem(one('message'), one('sig'), getEnv().secrets.signingKey);
  const code = one('error');
  const message = signed ?? (code && Object.hasOwn(NEXT_AUTH_ERRORS, code) ? NEXT_AUTH_ERRORS[code]! : 'The sign-in did not work. Start again.');
  return <LinkProblem title="Sign-in did not work" message={message} />;
}
