import { api } from '../api/client';
import type { TokenInfo } from '../api/types';
import { field, showError } from '../account/fields';
import { shownOnce } from '../account/secret';
import { formatTime, h, replace } from '../dom';
import { errorMessage } from '../text';

/**
 * The signed-in user's API tokens: for scripts and the Python client, which send one as
 * `Authorization: Bearer <token>` and act as the user. A new token is shown once; revoking one
 * stops every script that uses it.
 */
export function tokensPage(root: HTMLElement): () => void {
  let disposed = false;
  const body = h('tbody');
  const created = h('div', { class: 'created' });
  const name = h('input', { type: 'text', name: 'name', placeholder: 'e.g. laptop' });
  const status = h('div', { class: 'form-status', role: 'alert' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Create token');
  const form = h(
    'form',
    { class: 'account-form create-token', novalidate: true },
    field('name', 'name', name),
    h('div', { class: 'form-row' }, button, status),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    button.disabled = true;
    api.createToken(name.value.trim()).then(
      (token) => {
        button.disabled = false;
        name.value = '';
        showError(form, status, null);
        replace(created, shownOnce(`Token “${token.name}”`, token.token));
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
    h('h1', null, 'API tokens'),
    h(
      'p',
      { class: 'muted' },
      'Scripts and the Python client send a token as Authorization: Bearer <token> and act as you.',
    ),
    h('section', null, h('h2', null, 'New token'), form, created),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'tokens-table' },
        h(
          'thead',
          null,
          h('tr', null, ...['name', 'created', 'last used', ''].map((c) => h('th', null, c))),
        ),
        body,
      ),
    ),
  );
  load();

  function load(): void {
    api.tokens().then(
      (tokens) => !disposed && show(tokens),
      (e: unknown) =>
        replace(body, h('tr', null, h('td', { colspan: 4, class: 'error' }, errorMessage(e)))),
    );
  }

  function show(tokens: TokenInfo[]): void {
    replace(
      body,
      ...(tokens.length === 0
        ? [h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'No tokens.'))]
        : tokens.map(row)),
    );
  }

  function row(token: TokenInfo): HTMLElement {
    const problem = h('span', { class: 'error' });
    return h(
      'tr',
      { dataset: { token: token.id } },
      h('td', null, token.name),
      h('td', null, formatTime(token.createdAt)),
      h('td', null, token.lastUsedAt === null ? 'never' : formatTime(token.lastUsedAt)),
      h(
        'td',
        null,
        h(
          'button',
          {
            type: 'button',
            class: 'danger revoke',
            onclick: () => {
              if (confirm(`Revoke the token “${token.name}”? Scripts using it stop working.`)) {
                api.revokeToken(token.id).then(load, (e: unknown) => {
                  problem.textContent = errorMessage(e);
                });
              }
            },
          },
          'Revoke',
        ),
        problem,
      ),
    );
  }

  return () => {
    disposed = true;
  };
}
