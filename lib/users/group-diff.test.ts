import { describe, expect, it } from 'vitest';
import { groupChanges, normaliseGroups, sameGroups } from './group-diff';
import { ZGroupList, ZGroupName } from './schemas';

describe('group lists', () => {
  it('compares as sets', () => {
    expect(normaliseGroups(['b', 'a', 'b'])).toEqual(['a', 'b']);
    expect(sameGroups(['family', 'admins'], ['admins', 'family'])).toBe(true);
    expect(sameGroups([], [])).toBe(true);
    expect(sameGroups(['a'], ['a', 'b'])).toBe(false);
    expect(sameGroups(['a', 'c'], ['a', 'b'])).toBe(false);
  });

  it('says what was added and removed', () => {
    expect(groupChanges(['admins', 'family'], ['family', 'kids'])).toEqual({ added: ['kids'], removed: ['admins'] });
    expect(groupChanges([], [])).toEqual({ added: [], removed: [] });
  });

  it('refuses script and SQL-like group names', () => {
    for (const name of ['<script>alert(1)</script>', "' OR 1=1 --", 'a;drop table "User"', 'group:admins', '']) {
      expect(ZGroupName.safeParse(name).success).toBe(false);
    }
    expect(ZGroupList.safeParse('family, <script>alert(1)</script>').success).toBe(false);
    expect(ZGroupName.parse(' Family ')).toBe('family');
  });
});
