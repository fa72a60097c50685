import type { TPolicy } from '@/lib/policy/types';
import type { BadgeTone } from '@/components/ui/badge';

/** What each policy means, in the words the admin pages use. */
export const POLICY_TEXT: Record<TPolicy, { label: string; effect: string; tone: BadgeTone }> = {
  bypass: { label: 'bypass', effect: 'everyone gets in, signed in or not', tone: 'amber' },
  one_factor: { label: 'one factor', effect: 'any signed-in user gets in', tone: 'indigo' },
  two_factor: { label: 'two factors', effect: 'signed-in users who passed a second factor get in', tone: 'green' },
  deny: { label: 'deny', effect: 'nobody gets in', tone: 'red' },
};
