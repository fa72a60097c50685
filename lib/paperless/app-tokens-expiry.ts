/**
 * When a new device token expires: the choices, their labels and the default. Kept apart from
 * app-tokens.ts so the create form (a client component) can share them without server code.
 */
export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];

/** A token left on a lost or sold phone should stop working by itself: new tokens expire unless the user chooses otherwise. */
export const DEFAULT_EXPIRY: ExpiryChoice = '90';

export const EXPIRY_LABELS: Record<ExpiryChoice, string> = {
  '30': 'In 30 days',
  '90': 'In 90 days',
  '365': 'In a year',
  never: 'Never (works until you revoke it)',
};
