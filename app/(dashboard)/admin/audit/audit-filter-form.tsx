import Link from 'next/link';
import { inputClasses } from '@/components/forms/field';
import { buttonClasses } from '@/components/ui/button';
import { AUDIT_EVENT_TYPES } from '@/lib/audit/events';

/** The audit log's filters: a plain GET form, so a filtered view is a link that can be shared. */
export function AuditFilterForm({
  type,
  user,
  from,
  to,
  filtered,
}: {
  type: string | undefined;
  user: string | undefined;
  from: string | undefined;
  to: string | undefined;
  filtered: boolean;
}) {
  return (
    <form className="grid gap-2 sm:grid-cols-[1fr_1fr_auto_auto_auto] sm:items-end" action="/admin/audit">
      <div>
        <label htmlFor="audit-type" className="block text-sm font-medium">
          Event
        </label>
        <select id="audit-type" name="type" defaultValue={type ?? ''} className={`${inputClasses} mt-1`}>
          <option value="">All events</option>
          {Object.entries(AUDIT_EVENT_TYPES).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-user" className="block text-sm font-medium">
          User
        </label>
        <input id="audit-user" name="user" defaultValue={user} placeholder="username" className={`${inputClasses} mt-1`} />
      </div>
      <div>
        <label htmlFor="audit-from" className="block text-sm font-medium">
          From
        </label>
        <input id="audit-from" name="from" type="date" defaultValue={from} className={`${inputClasses} mt-1`} />
      </div>
      <div>
        <label htmlFor="audit-to" className="block text-sm font-medium">
          To
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={to} className={`${inputClasses} mt-1`} />
      </div>
      <div className="flex gap-2">
        <button type="submit" className={buttonClasses('secondary')}>
          Filter
        </button>
        {filtered && (
          <Link href="/admin/audit" className={buttonClasses('ghost')}>
            Clear
          </Link>
        )}
      </div>
    </form>
  );
}
