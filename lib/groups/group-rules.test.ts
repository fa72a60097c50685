import { describe, expect, it } from 'vitest';
import { storedRule } from '../policy/empty-rule';
import { describeReferences, renameGroupInSubjects, ruleMentionsGroup, rulesReferencingGroup } from './group-rules';

describe('rules that name a group', () => {
  const rules = [
    storedRule(1, { description: 'family photos', subjects: [['group:family'], ['user:anna']] }),
    storedRule(2, { subjects: [['group:family-old', 'group:paperless']] }),
    storedRule(3, { subjects: [] }),
  ];

  it('finds exact group subjects only (not prefixes, not users of that name)', () => {
    expect(rulesReferencingGroup(rules, 'family')).toEqual([{ id: 'r1', position: 1, description: 'family photos' }]);
    expect(rulesReferencingGroup(rules, 'paperless').map((r) => r.id)).toEqual(['r2']);
    expect(rulesReferencingGroup(rules, 'anna')).toEqual([]);
    expect(ruleMentionsGroup(rules[2]!, 'family')).toBe(false);
  });

  it('renames inside every AND-group and drops a duplicate the rename creates', () => {
    expect(renameGroupInSubjects([['group:family', 'user:bob'], ['group:kids']], 'family', 'relatives')).toEqual([
      ['group:relatives', 'user:bob'],
      ['group:kids'],
    ]);
    expect(renameGroupInSubjects([['group:a', 'group:b']], 'a', 'b')).toEqual([['group:b']]);
    expect(renameGroupInSubjects([['user:family']], 'family', 'x')).toEqual([['user:family']]);
  });

  it('lists references for a refusal message', () => {
    expect(describeReferences(rulesReferencingGroup(rules, 'family'))).toBe('#1 (family photos)');
    expect(
      describeReferences([
        { id: 'x', position: 4, description: '' },
        { id: 'y', position: 7, description: 'wiki' },
      ]),
    ).toBe('#4, #7 (wiki)');
  });
});
