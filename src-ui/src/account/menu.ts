import { api, onSessionChange, whoAmI } from '../api/client';
import type { Me } from '../api/types';
import { h, replace, type Child } from '../dom';
import { errorMessage } from '../text';
import { accountLabel } from './account';

/**
 * The header's account corner: who is signed in (name and role), their tokens, the users page for
 * admins, and sign-out. With accounts off (`via: local`) there is no one to sign out.
 *
 * @param changed runs after each redraw (the header marks the current page's link)
 */
export function accountMenu(changed: () => void): HTMLElement {
  const element = h('div', { class: 'account' });
  const show = (me: Me | null) => {
    replace(element, ...items(me));
    changed();
  };
  onSessionChange(show);
  // Signed out, the 401 sends the user to sign in; nothing to show until then.
  whoAmI().catch(() => undefined);
  return element;
}

function items(me: Me | null): Child[] {
  if (me === null) {
    return [];
  }
  return [
    h('span', { class: 'who', dataset: { role: me.role, via: me.via } }, accountLabel(me)),
    h('a', { href: '#/tokens', dataset: { nav: 'tokens' } }, 'Tokens'),
    me.role === 'admin' ? h('a', { href: '#/users', dataset: { nav: 'users' } }, 'Users') : null,
    me.via === 'session'
      ? h(
          'button',
          {
            type: 'button',
            class: 'sign-out',
            onclick: (e: Event) => {
              const button = e.currentTarget as HTMLButtonElement;
              api.signOut().then(
                () => (location.hash = '#/sign-in'),
                (error: unknown) => {
                  button.textContent = 'Sign out (failed, retry)';
                  button.title = errorMessage(error);
                },
              );
            },
          },
          'Sign out',
        )
      : null,
  ];
}
