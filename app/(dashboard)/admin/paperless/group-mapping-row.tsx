'use client';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { inputClasses } from '@/components/forms/field';
import { SubmitButton } from '@/components/forms/submit-button';
import { IDLE } from '@/lib/actions/form-state';
import { setGroupMappingAction } from './actions';

/** One Gatehouse group and the Paperless group its members get. */
export function GroupMappingRow({
  group,
  options,
}: {
  group: { id: string; name: string; members: number; paperlessGroupId: number | null };
  options: { id: number; name: string }[];
}) {
  const [state, action] = useGuardedActionState(setGroupMappingAction, IDLE);
  const selectId = `map-${group.id}`;
  const saved = group.paperlessGroupId === null ? '' : String(group.paperlessGroupId);
  return (
    <li className="flex flex-wrap items-center gap-3 py-3" data-testid="group-mapping">
      <label htmlFor={selectId} className="min-w-40 text-sm">
        <span className="font-medium">{group.name}</span>{' '}
        <span className="text-zinc-500">
          ({group.members} member{group.members === 1 ? '' : 's'})
        </span>
      </label>
      {/* React resets a form after its action, and a <select> resets to the option selected when it
          was first rendered (a changed defaultValue is not applied): keyed on the saved mapping, the
          form is rendered anew with the revalidated page, so it shows what was just saved. */}
      <form key={saved} action={action} className="flex flex-wrap items-center gap-2">
        <input type="hidden" name="groupId" value={group.id} />
        <select id={selectId} name="paperlessGroupId" defaultValue={saved} className={`${inputClasses} w-56`}>
          <option value="">Not mapped</option>
          {options.map((o) => (
            <option key={o.id} value={String(o.id)}>
              {o.name}
            </option>
          ))}
        </select>
        <SubmitButton variant="secondary" className="px-2.5 py-1.5 text-xs" pendingLabel="Saving…">
          Save<span className="sr-only"> mapping of {group.name}</span>
        </SubmitButton>
      </form>
      {state.status !== 'idle' && (
        <p
          role={state.status === 'error' ? 'alert' : 'status'}
          className={`w-full text-xs ${state.status === 'error' || state.message?.includes('Warning') ? 'text-amber-800 dark:text-amber-300' : 'text-emerald-700 dark:text-emerald-400'}`}
        >
          {state.message}
        </p>
      )}
    </li>
  );
}
