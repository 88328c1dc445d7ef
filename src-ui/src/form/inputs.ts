import type { ModelInfo } from '../api/types';
import { h } from '../dom';

/** What the spec form's input builders need from the page that lays them out. */
export interface FormContext {
  /** The path of every field built since the form was last laid out; errors are placed on them. */
  readonly paths: string[];
  /** Runs after every edit of a value (schedules validation). */
  readonly changed: () => void;
}

/**
 * A labelled input for the spec value at `path` (recorded in the context's paths), with an
 * optional hint and room for the server's error about it.
 */
export function field(
  context: FormContext,
  label: string,
  path: string,
  input: HTMLElement,
  hint?: string,
): HTMLElement {
  context.paths.push(path);
  return h(
    'label',
    { class: 'field', dataset: { path } },
    h('span', { class: 'label' }, label),
    input,
    hint ? h('small', { class: 'hint' }, hint) : null,
    h('span', { class: 'field-error' }),
  );
}

/** A text input showing `value`; each keystroke `set`s the new text. */
export function textInput(
  context: FormContext,
  value: string,
  set: (v: string) => void,
  placeholder = '',
): HTMLInputElement {
  return h('input', {
    type: 'text',
    value,
    placeholder,
    oninput: (e: Event) => {
      set((e.target as HTMLInputElement).value);
      context.changed();
    },
  });
}

/** A checkbox, checked if `value`; each click `set`s whether it is checked. */
export function checkbox(
  context: FormContext,
  value: boolean,
  set: (v: boolean) => void,
): HTMLInputElement {
  return h('input', {
    type: 'checkbox',
    checked: value,
    onchange: (e: Event) => {
      set((e.target as HTMLInputElement).checked);
      context.changed();
    },
  });
}

/** A choice among `options` showing `value`; the empty option reads `blankText`. */
export function select(
  context: FormContext,
  value: string,
  options: string[],
  set: (v: string) => void,
  blankText = '—',
): HTMLSelectElement {
  const element = h(
    'select',
    {
      onchange: (e: Event) => {
        set((e.target as HTMLSelectElement).value);
        context.changed();
      },
    },
    ...options.map((o) => h('option', { value: o }, o === '' ? blankText : o)),
  );
  element.value = value;
  return element;
}

/**
 * A choice among `models` by name, or none; a value that names no listed model (a snapshot family
 * such as `toy-mlp:A-32`, which an EMA sweep's guide may be) is offered too, so it shows as it is.
 */
export function modelSelect(
  context: FormContext,
  value: string,
  models: ModelInfo[],
  set: (v: string) => void,
  blankText = 'choose a model',
): HTMLSelectElement {
  const names = models.map((m) => m.name);
  const other = value !== '' && !names.includes(value) ? [value] : [];
  return select(context, value, ['', ...names, ...other], set, blankText);
}
