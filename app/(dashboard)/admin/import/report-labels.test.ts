import { describe, expect, it } from 'vitest';
import { actionWord, CATEGORIES, CATEGORY_LABELS } from './report-labels';

const ACTIONS = ['create', 'update', 'unchanged', 'skip', 'conflict', 'refused', 'created', 'updated', 'skipped'] as const;

describe('the words of the import report', () => {
  it('has a label for every category, in report order', () => {
    expect(CATEGORIES).toEqual(['users', 'groups', 'passwords', 'totp', 'webauthn', 'rules', 'settings', 'oidcClients']);
    for (const category of CATEGORIES) expect(CATEGORY_LABELS[category]).toMatch(/^[A-Z]/);
  });

  it('calls an update a merge only for accounts and their passwords, a change elsewhere', () => {
    expect(actionWord('users', 'update').label).toBe('merge');
    expect(actionWord('passwords', 'update').label).toBe('merge');
    for (const category of ['settings', 'rules', 'oidcClients', 'groups'] as const) expect(actionWord(category, 'update').label).toBe('change');
  });

  it('has a word and a tone for every planned action and every outcome', () => {
    for (const category of CATEGORIES)
      for (const action of ACTIONS) {
        const word = actionWord(category, action);
        expect(word.label).toMatch(/^[a-z ]+$/);
        expect(word.tone).toBeDefined();
      }
  });
});
