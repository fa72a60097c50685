/** Every area of the hostile corpus, in the order the runner reports them. */
import type { CorpusArea } from '../corpus';
import { COOKIES } from './cookies';
import { FORM_BODIES } from './form-bodies';
import { FORWARDED_HEADERS } from './forwarded-headers';
import { ONE_TIME_LINKS } from './one-time-links';
import { EMAIL_LINK_RETURNS, RETURN_URLS } from './return-urls';
import { SERVER_ACTIONS } from './server-actions';
import { TOKENS } from './tokens';
import { VERIFY_TARGETS } from './verify-targets';

export const AREAS: CorpusArea[] = [VERIFY_TARGETS, FORWARDED_HEADERS, RETURN_URLS, TOKENS, COOKIES, ONE_TIME_LINKS, FORM_BODIES, SERVER_ACTIONS];
export { EMAIL_LINK_RETURNS };
