import { AppError } from '../../errors';

/** An Authelia installation that cannot be read: the message is for the admin and never holds a secret. */
export const readError = (message: string) => new AppError('INVALID', message);
