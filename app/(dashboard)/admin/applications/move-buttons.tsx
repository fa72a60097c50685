'use client';
import { SubmitButton } from '@/components/forms/submit-button';
import { useGuardedActionState } from '@/components/forms/use-guarded-action';
import { IDLE } from '@/lib/actions/form-state';
import { moveApplicationAction } from './actions';

/** Up / down in the launcher order (and the order the applications' rules are evaluated in). */
export function MoveButtons({ id, name, first, last }: { id: string; name: string; first: boolean; last: boolean }) {
  const [state, move] = useGuardedActionState(moveApplicationAction, IDLE);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-1">
        {(['up', 'down'] as const).map((direction) => (
          <form key={direction} action={move}>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="direction" value={direction} />
            <SubmitButton variant="secondary" className="px-2 py-1 text-xs" pendingLabel="…" disabled={direction === 'up' ? first : last}>
              {direction === 'up' ? '↑' : '↓'}
              <span className="sr-only">
                {' '}
                Move {name} {direction}
              </span>
            </SubmitButton>
          </form>
        ))}
      </div>
      {state.status === 'error' && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-400">
          {state.message}
        </p>
      )}
    </div>
  );
}
