import { api } from '../api/client';
import { ROLES, type Role, type User } from '../api/types';
import { absoluteLink } from '../account/account';
import { field, showError } from '../account/fields';
import { shownOnce } from '../account/secret';
import { formatTime, h, replace } from '../dom';
import { errorMessage } from '../text';

/**
 * The team's accounts, for admins: create one (its first API token and a one-time sign-in link
 * are shown once, to hand to its owner), change a role, disable or enable an account.
 */
export function usersPage(root: HTMLElement): () => void {
  let disposed = false;
  const body = h('tbody');
  const created = h('div', { class: 'created' });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'off' });
  const role = roleSelect('member');
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'new-password',
    placeholder: 'optional: or they choose one',
  });
  const status = h('div', { class: 'form-status', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Create user');
  const form = h(
    'form',
    { class: 'account-form create-user', novalidate: true },
    field('name', 'name', name),
    field('role', 'role', role),
    field('password', 'password', password),
    h('div', { class: 'form-row' }, button, status),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    api
      .createUser({
        name: name.value.trim(),
        role: role.value as Role,
        password: password.value === '' ? undefined : password.value,
      })
      .then(
        (answer) => {
          button.disabled = false;
          name.value = '';
          password.value = '';
          showError(form, status, null);
          replace(
            created,
            h('p', null, `Created ${answer.user.name} (${answer.user.role}). Hand them one of:`),
            shownOnce(
              'Sign-in link (works once)',
              absoluteLink(location.origin, answer.signInLink),
            ),
            shownOnce('API token', answer.token),
          );
          load();
        },
        (error: unknown) => {
          button.disabled = false;
          showError(form, status, error);
        },
      );
  });

  replace(
    root,
    h('h1', null, 'Users'),
    h('section', null, h('h2', null, 'New user'), form, created),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'users-table' },
        h(
          'thead',
          null,
          h('tr', null, ...['name', 'role', 'created', 'status', ''].map((c) => h('th', null, c))),
        ),
        body,
      ),
    ),
  );
  load();

  function load(): void {
    api.users().then(
      (users) => !disposed && replace(body, ...users.map(row)),
      (e: unknown) =>
        replace(body, h('tr', null, h('td', { colspan: 5, class: 'error' }, errorMessage(e)))),
    );
  }

  /** A user's row; a change redraws it from the server's answer, or says why it was refused. */
  function row(user: User): HTMLElement {
    const problem = h('span', { class: 'error' });
    const change = (patch: { role?: Role; disabled?: boolean }) =>
      api.patchUser(user.name, patch).then(
        (changed) => element.replaceWith(row(changed)),
        (e: unknown) => {
          select.value = user.role;
          problem.textContent = errorMessage(e);
        },
      );
    const select = roleSelect(user.role);
    select.addEventListener('change', () => void change({ role: select.value as Role }));
    const element = h(
      'tr',
      { dataset: { user: user.name, disabled: String(user.disabled) } },
      h('td', null, user.name),
      h('td', null, select),
      h('td', null, formatTime(user.createdAt)),
      h('td', null, user.disabled ? 'disabled' : 'active'),
      h(
        'td',
        null,
        h(
          'button',
          {
            type: 'button',
            class: user.disabled ? 'enable' : 'danger disable',
            onclick: () => void change({ disabled: !user.disabled }),
          },
          user.disabled ? 'Enable' : 'Disable',
        ),
        problem,
      ),
    );
    return element;
  }

  return () => {
    disposed = true;
  };
}

function roleSelect(value: Role): HTMLSelectElement {
  const select = h('select', { name: 'role' }, ...ROLES.map((r) => h('option', { value: r }, r)));
  select.value = value;
  return select;
}
