import { api } from '../api/client';
import type { Me } from '../api/types';
import { MIN_PASSWORD_LENGTH, nextHash, signInError } from '../account/account';
import { field, showError } from '../account/fields';
import { h, replace } from '../dom';

/**
 * Sign-in with name and password, or at once with a one-time code from a sign-in link
 * (`#/sign-in?code=…`), or through the organisation's identity provider when single sign-on is
 * configured; an account that has no password yet is asked to choose one. Afterwards the
 * user goes back to `next`, the page a 401 sent them from, or to the submit page.
 */
export function signInPage(root: HTMLElement, params: URLSearchParams): () => void {
  let disposed = false;
  const next = nextHash(params);
  const code = params.get('code');
  if (code) {
    // The code works once; off the URL it stays out of the history, bookmarks and screenshots.
    const rest = new URLSearchParams(params);
    rest.delete('code');
    const search = rest.toString();
    history.replaceState(null, '', search ? `#/sign-in?${search}` : '#/sign-in');
    replace(root, h('h1', null, 'Signing in…'));
    api.signIn({ code }).then(
      (me) => !disposed && signedIn(me),
      (e: unknown) => !disposed && passwordForm(signInError(e)),
    );
  } else {
    passwordForm('');
  }

  function passwordForm(problem: string): void {
    const name = h('input', { type: 'text', name: 'name', autocomplete: 'username' });
    const password = h('input', {
      type: 'password',
      name: 'password',
      autocomplete: 'current-password',
    });
    const status = h('div', { class: 'form-status', role: 'alert' });
    const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
    const form = h(
      'form',
      { class: 'account-form sign-in', novalidate: true },
      field('name', 'name', name),
      field('password', 'password', password),
      h('div', { class: 'form-row' }, button, status),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      button.disabled = true;
      api.signIn({ name: name.value.trim(), password: password.value }).then(
        (me) => !disposed && signedIn(me),
        (error: unknown) => {
          button.disabled = false;
          password.value = '';
          password.focus();
          showError(form, status, new Error(signInError(error)));
        },
      );
    });
    // Shown once the server says single sign-on is configured; a page navigation, not a fetch,
    // because it goes on to the identity provider's page and comes back signed in.
    const sso = h('p', { class: 'sign-in-sso' });
    api.signInOptions().then(
      (options) => {
        if (options.sso) {
          replace(sso, h('a', { href: '/api/session/sso' }, 'Sign in with your organisation'));
        }
      },
      () => undefined,
    );
    replace(root, h('h1', null, 'Sign in to Guidelab'), form, sso);
    if (problem) {
      replace(status, h('span', { class: 'error' }, problem));
    }
    name.focus();
  }

  function signedIn(me: Me): void {
    if (me.hasPassword) {
      location.hash = next;
    } else {
      choosePassword(me);
    }
  }

  /** After a sign-in link: a password for next time (the link worked once). */
  function choosePassword(me: Me): void {
    const password = h('input', {
      type: 'password',
      name: 'password',
      autocomplete: 'new-password',
      minLength: MIN_PASSWORD_LENGTH,
    });
    const again = h('input', { type: 'password', name: 'again', autocomplete: 'new-password' });
    const status = h('div', { class: 'form-status', role: 'alert' });
    const form = h(
      'form',
      { class: 'account-form choose-password', novalidate: true },
      field(`new password (at least ${MIN_PASSWORD_LENGTH} characters)`, 'password', password),
      field('the same again', 'again', again),
      h(
        'div',
        { class: 'form-row' },
        h('button', { type: 'submit', class: 'primary' }, 'Set password'),
        h('a', { href: next }, 'Not now'),
        status,
      ),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (password.value !== again.value) {
        showError(form, status, new Error('the two passwords differ'));
        return;
      }
      api.changePassword(password.value).then(
        () => !disposed && (location.hash = next),
        (error: unknown) => showError(form, status, error),
      );
    });
    replace(
      root,
      h('h1', null, 'Choose a password'),
      h(
        'p',
        null,
        `Signed in as ${me.name} (${me.role}) with a one-time link. `,
        'Choose a password to sign in with your name next time.',
      ),
      form,
    );
    password.focus();
  }

  return () => {
    disposed = true;
  };
}
