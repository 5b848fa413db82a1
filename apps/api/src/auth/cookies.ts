/** Names of the cookies the dashboard session uses. */
export const SESSION_COOKIE = 'lockstep_session';
export const CSRF_COOKIE = 'lockstep_csrf';
/** Header a cookie-authenticated unsafe request must carry (value: the CSRF cookie / login response). */
export const CSRF_HEADER = 'x-csrf-token';
/** Header that picks the organization a user acts in (id or slug). */
export const ORGANIZATION_HEADER = 'lockstep-organization';
