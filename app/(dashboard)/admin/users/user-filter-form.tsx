import { inputClasses } from '@/components/forms/field';
import { buttonClasses } from '@/components/ui/button';
import { USER_STATUSES } from '@/lib/auth/account-gate';

/** The search and filters of the users list: a plain GET form, so a filtered list has its own URL. */
export function UserFilterForm({ q, status, group, groupNames }: { q: string; status?: string; group?: string; groupNames: string[] }) {
  return (
    <form role="search" className="flex flex-wrap items-end gap-2" action="/admin/users">
      <div className="grow">
        <label htmlFor="user-search" className="block text-sm font-medium">
          Search
        </label>
        <input id="user-search" name="q" type="search" defaultValue={q} placeholder="Name, username or email" className={`${inputClasses} mt-1`} />
      </div>
      <div>
        <label htmlFor="user-status" className="block text-sm font-medium">
          Status
        </label>
        <select id="user-status" name="status" defaultValue={status ?? ''} className={`${inputClasses} mt-1`}>
          <option value="">Any</option>
          {USER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="user-group" className="block text-sm font-medium">
          Group
        </label>
        <select id="user-group" name="group" defaultValue={group ?? ''} className={`${inputClasses} mt-1`}>
          <option value="">Any</option>
          {groupNames.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className={buttonClasses('secondary')}>
        Filter
      </button>
    </form>
  );
}
