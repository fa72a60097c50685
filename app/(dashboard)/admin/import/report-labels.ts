/** Words and colours of the import report and result, shared by both views. */
import type { BadgeTone } from '@/components/ui/badge';
import { IMPORT_CATEGORIES, IMPORT_CATEGORY_LABELS, type ImportCategory } from '@/lib/authelia-import/types';

/** The categories in report order, and what each is called (the same words as the command line's report). */
export const CATEGORIES: readonly ImportCategory[] = IMPORT_CATEGORIES;
export const CATEGORY_LABELS = IMPORT_CATEGORY_LABELS;

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

/** The word for a planned action in its category: "update" merges an account, but changes a setting, rule or client. */
export function actionWord(category: ImportCategory, action: string): { label: string; tone?: BadgeTone } {
  if (action === 'update' && category !== 'users' && category !== 'passwords') return { label: 'change', tone: 'indigo' };
  return ACTION_WORDS[action] ?? { label: action };
}
