/**
 * Sudo mode inside a use case: some admin changes are dangerous only for some inputs (making or
 * unmaking an admin). The action pipeline tells the use case whether the acting session is in
 * sudo mode now; the use case decides, inside its transaction where the change is known, and
 * refuses with SUDO_REQUIRED, which the pipeline turns into "confirm it is you" (the form then
 * re-proves and sends the same input again).
 */
import { AppError, isAppError } from '../errors';

export const SUDO_MESSAGE = 'For your safety, confirm it is you again to do this.';

export function sudoRequired(): AppError {
  return new AppError('SUDO_REQUIRED', SUDO_MESSAGE);
}

/** Throws SUDO_REQUIRED when `dangerous` and the session is not in sudo mode. */
export function requireSudoIf(dangerous: boolean, sudo: boolean): void {
  if (dangerous && !sudo) throw sudoRequired();
}

export function isSudoRequired(error: unknown): boolean {
  return isAppError(error) && error.code === 'SUDO_REQUIRED';
}
