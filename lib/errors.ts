/**
 * Expected failures carry a code and a message meant for people. Anything else that throws is a
 * bug or an outage: it is logged with a reference and users see a generic message, so no
 * database or crypto detail leaks into a page.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  /** Sudo mode: the session must prove its factor (or password) again first (lib/auth/sudo.ts). */
  SUDO_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  TOO_LARGE: 413,
  INVALID: 422,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    readonly userMessage: string,
    readonly field?: string,
  ) {
    super(userMessage);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError || (error instanceof Error && error.name === 'AppError' && 'code' in error);
}
