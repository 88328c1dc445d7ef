import { ApiRequestError } from '../api/client';
import { h, replace } from '../dom';
import { placeErrors } from '../form/spec-form';
import { errorMessage } from '../text';

/** A labelled input of an account form; the server's 400 message for `path` shows below it. */
export function field(label: string, path: string, input: HTMLElement): HTMLElement {
  return h(
    'label',
    { class: 'field', dataset: { path } },
    h('span', { class: 'label' }, label),
    input,
    h('span', { class: 'field-error' }),
  );
}

/**
 * Shows a failed request the way the spec form does: each 400 violation next to the field it
 * names, any other (and any other error) in `status`. Null clears them.
 */
export function showError(form: HTMLElement, status: HTMLElement, e: unknown): void {
  const violations = e instanceof ApiRequestError ? e.violations : [];
  const fields = [...form.querySelectorAll<HTMLElement>('.field')];
  const { byPath, general } = placeErrors(
    violations,
    fields.map((f) => f.dataset.path ?? ''),
  );
  for (const element of fields) {
    const messages = byPath.get(element.dataset.path ?? '') ?? [];
    element.classList.toggle('invalid', messages.length > 0);
    const error = element.querySelector('.field-error');
    if (error) {
      error.textContent = messages.join('; ');
    }
  }
  if (e === null) {
    replace(status);
  } else if (violations.length === 0) {
    replace(status, h('span', { class: 'error' }, errorMessage(e)));
  } else {
    replace(
      status,
      ...general.map((v) => h('div', { class: 'error' }, `${v.field}: ${v.message}`)),
    );
  }
}
