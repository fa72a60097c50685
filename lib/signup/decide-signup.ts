/**
 * Who may become a user, and whether they wait for an admin: the one place that decides a
 * first-time sign-in (through a provider or an email link). Pure; exhaustively tested.
 *
 * - No email: refused (an admin could not tell who is asking, and no mail could reach them).
 * - A valid invitation for a verified email: active at once, whatever the policy.
 * - A verified email on the approved-emails list: active at once, whatever the policy.
 * - auto-approve: a verified email in a listed domain is active at once; everyone else waits.
 * - open-with-approval: everyone waits for an admin.
 * - closed: refused (only existing and invited users).
 * An unverified email never counts for an invitation, the approved list or a domain: it can
 * only wait for an admin (or be refused when signups are closed).
 */
import type { SignupPolicy } from './signup-config';

export type SignupInput = {
  policy: SignupPolicy;
  autoApproveDomains: readonly string[];
  approvedEmails: readonly string[];
  email: string | null;
  emailVerified: boolean;
  hasInvitation: boolean;
};

export type SignupDecision =
  | { outcome: 'active'; reason: 'invitation' | 'approved-email' | 'approved-domain' }
  | { outcome: 'pending'; reason: 'needs-approval' }
  | { outcome: 'refused'; reason: 'no-email' | 'closed'; message: string };

export const REFUSAL_MESSAGES = {
  'no-email':
    'The provider did not give Gatehouse an email address, so it cannot tell who you are. Make an email address visible to this app at the provider, or use another way to sign in.',
  closed: 'This portal does not take new signups. Ask an administrator for an invitation.',
} as const;

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

export function decideSignup(input: SignupInput): SignupDecision {
  const email = input.email?.trim().toLowerCase() ?? '';
  if (!email?.includes('@')) return { outcome: 'refused', reason: 'no-email', message: REFUSAL_MESSAGES['no-email'] };
  if (input.emailVerified) {
    if (input.hasInvitation) return { outcome: 'active', reason: 'invitation' };
    if (input.approvedEmails.includes(email)) return { outcome: 'active', reason: 'approved-email' };
    if (input.policy === 'auto-approve' && input.autoApproveDomains.includes(domainOf(email))) return { outcome: 'active', reason: 'approved-domain' };
  }
  if (input.policy === 'closed') return { outcome: 'refused', reason: 'closed', message: REFUSAL_MESSAGES.closed };
  return { outcome: 'pending', reason: 'needs-approval' };
}
