import { h } from '../dom';

/**
 * A secret the server shows once (a new API token, a sign-in link): read-only text to select, a
 * copy button, and the warning that it will not be shown again.
 */
export function shownOnce(label: string, secret: string): HTMLElement {
  const value = h('input', {
    type: 'text',
    class: 'mono secret-value',
    readOnly: true,
    value: secret,
    onfocus: () => value.select(),
  });
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'copy',
      onclick: () => {
        // The clipboard API needs a secure context (https or localhost); elsewhere the text is
        // selected for Ctrl+C.
        value.select();
        navigator.clipboard.writeText(secret).then(
          () => (copy.textContent = 'Copied'),
          () => (copy.textContent = 'Press Ctrl+C'),
        );
      },
    },
    'Copy',
  );
  return h(
    'div',
    { class: 'secret' },
    h('span', { class: 'label' }, label),
    h('div', { class: 'secret-row' }, value, copy),
    h('small', { class: 'warning' }, 'It will not be shown again: copy it now.'),
  );
}
