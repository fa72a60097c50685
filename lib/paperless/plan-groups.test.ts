import { describe, expect, it } from 'vitest';
import { groupPermissionWarnings, planPaperlessGroups, sameGroups } from './plan-groups';

describe('planPaperlessGroups', () => {
  const mapped = new Map([
    ['g-family', 2],
    ['g-office', 3],
  ]);

  it('adds the mapped groups of the user and keeps groups set by hand in Paperless', () => {
    expect(planPaperlessGroups({ current: [7], mapped, userGroupIds: ['g-family'] })).toEqual([2, 7]);
  });

  it('removes a mapped group the user has left', () => {
    expect(planPaperlessGroups({ current: [2, 3, 7], mapped, userGroupIds: ['g-office'] })).toEqual([3, 7]);
  });

  it('ignores Gatehouse groups nobody mapped, and duplicates', () => {
    expect(
      planPaperlessGroups({
        current: [],
        mapped: new Map([
          ['a', 5],
          ['b', 5],
        ]),
        userGroupIds: ['a', 'b', 'unmapped'],
      }),
    ).toEqual([5]);
  });

  it('with no mappings changes nothing', () => {
    expect(planPaperlessGroups({ current: [9, 4], mapped: new Map(), userGroupIds: ['x'] })).toEqual([4, 9]);
  });

  it('compares group sets regardless of order', () => {
    expect(sameGroups([1, 2], [2, 1])).toBe(true);
    expect(sameGroups([1, 2], [1])).toBe(false);
    expect(sameGroups([1, 1], [1, 2])).toBe(false);
  });
});

describe('groupPermissionWarnings', () => {
  const groups = [
    { id: 1, name: 'family', permissions: ['view_document', 'view_uisettings', 'view_user'] },
    { id: 2, name: 'readers', permissions: ['view_document'] },
    { id: 3, name: 'web-only', permissions: ['documents.view_uisettings'] },
  ];

  it('is quiet for a group with view_uisettings and view_user', () => {
    expect(groupPermissionWarnings(groups, [1])).toEqual([]);
  });

  it('names what is missing and why', () => {
    const [warning] = groupPermissionWarnings(groups, [2]);
    expect(warning!.missing).toEqual(['view_uisettings', 'view_user']);
    expect(warning!.message).toContain('"readers"');
    expect(warning!.message).toContain('/api/ui_settings/');
  });

  it('reads app-labelled codenames and warns only about view_user for Paperless Mobile', () => {
    expect(groupPermissionWarnings(groups, [3]).map((w) => w.missing)).toEqual([['view_user']]);
  });

  it('warns when a mapped group has gone from Paperless', () => {
    expect(groupPermissionWarnings(groups, [42, 42])).toEqual([
      expect.objectContaining({ paperlessGroupId: 42, message: expect.stringContaining('no longer exists') }),
    ]);
  });
});
