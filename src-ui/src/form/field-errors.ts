import type { FieldError } from '../api/types';
import { h, replace } from '../dom';
import { placeErrors } from './spec-form';

/**
 * Shows the server's violations of a spec: each next to the field of `paths` it names (marking the
 * field invalid), a count and those no field claims in `status`. No violations clear the fields
 * and leave `status` alone.
 */
export function showErrors(
  formElement: HTMLElement,
  status: HTMLElement,
  violations: FieldError[],
  paths: string[],
): void {
  const { byPath, general } = placeErrors(violations, paths);
  formElement.querySelectorAll<HTMLElement>('.field').forEach((element) => {
    const messages = byPath.get(element.dataset.path ?? '') ?? [];
    element.classList.toggle('invalid', messages.length > 0);
    const error = element.querySelector('.field-error');
    if (error) {
      error.textContent = messages.join('; ');
    }
  });
  if (violations.length > 0) {
    replace(
      status,
      h('span', { class: 'error' }, `${violations.length} problem(s) to fix`),
      ...general.map((v) => h('div', { class: 'error' }, `${v.field}: ${v.message}`)),
    );
  }
}
