import { ApiRequestError } from '../api/client';
import type { Me } from '../api/types';
import { errorMessage } from '../text';

/** Shortest password `PUT /api/me/password` accepts. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * Where sign-in leads: the page the user was sent from (`next`, a hash route), else the submit
 * page. Anything else in `next` is ignored, so a crafted link cannot send the user off the
 * dashboard or back to sign-in.
 */
export function nextHash(params: URLSearchParams): string {
  const next = params.get('next') ?? '';
  return /^#\/(?!sign-in)/.test(next) ? next : '#/new';
}

/** A sign-in link as the user can share it: the server's `/#/sign-in?code=…` on this origin. */
export function absoluteLink(origin: string, link: string): string {
  return new URL(link, origin).href;
}

/** What a failed sign-in says: the server's message, or how long to wait after too many tries. */
export function signInError(e: unknown): string {
  if (e instanceof ApiRequestError && e.status === 429) {
    return e.retryAfter === null
      ? 'too many attempts, try again later'
      : `too many attempts, try again in ${e.retryAfter} s`;
  }
  return errorMessage(e);
}

/** Whether `me` may submit work (run a sweep again, …): members and admins, not viewers. */
export function maySubmit(me: Me | null): boolean {
  return me !== null && me.role !== 'viewer';
}

/** Whether `me` may change (cancel, …) what `owner` owns: its owner or an admin (as the server). */
export function mayChange(me: Me | null, owner: string): boolean {
  return me !== null && (me.role === 'admin' || (me.role === 'member' && me.name === owner));
}

/** Who the header says is signed in. */
export function accountLabel(me: Me): string {
  return me.via === 'local' ? 'local (accounts off)' : `${me.name} (${me.role})`;
}
