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
