/** Words and colours of the import report and result, shared by both views. */
import type { BadgeTone } from '@/components/ui/badge';
import type { ImportCategory } from '@/lib/authelia-import/types';

export const CATEGORY_LABELS: Record<ImportCategory, string> = {
  users: 'Users',
  groups: 'Groups',
  passwords: 'Passwords',
  totp: 'Authenticator apps',
  webauthn: 'Security keys and passkeys',
  rules: 'Access rules',
  settings: 'Settings',
  oidcClients: 'OpenID Connect clients',
};

/**
 * The categories in report order. Listed here rather than imported from lib/authelia-import/types.ts:
 * that module re-exports values from the password verifier, which must stay out of the browser's bundle.
 */
export const CATEGORIES = Object.keys(CATEGORY_LABELS) as ImportCategory[];

export const ACTION_WORDS: Record<string, { label: string; tone: BadgeTone }> = {
  create: { label: 'new', tone: 'green' },
  created: { label: 'created', tone: 'green' },
  update: { label: 'merge', tone: 'indigo' },
  updated: { label: 'updated', tone: 'indigo' },
  unchanged: { label: 'unchanged', tone: 'neutral' },
  skip: { label: 'skipped', tone: 'neutral' },
  skipped: { label: 'skipped', tone: 'neutral' },
  conflict: { label: 'conflict', tone: 'amber' },
  refused: { label: 'cannot be carried over', tone: 'red' },
};
