import { maySubmit } from '../account/account';
import { ApiRequestError, api, whoAmI } from '../api/client';
import { h, replace } from '../dom';
import { showErrors } from '../form/field-errors';
import { field, select, textInput, type FormContext } from '../form/inputs';
import { errorMessage } from '../text';

/** The fields of a training spec (docs/spec.md, "Training toy networks"), with their defaults. */
const NUMBERS: { path: string; label: string; fallback: string; hint: string }[] = [
  { path: 'width', label: 'width H', fallback: '64', hint: 'hidden width, 4 hidden layers' },
  { path: 'iterations', label: 'iterations', fallback: '4096', hint: 'Adam steps' },
  { path: 'batchSize', label: 'batch size', fallback: '4096', hint: 'samples per step' },
  { path: 'emaSigmaRel', label: 'EMA σ_rel', fallback: '0.010', hint: 'of the published weights' },
  { path: 'seed', label: 'seed', fallback: '0', hint: 'every random draw of the run' },
  { path: 'priority', label: 'priority', fallback: '0', hint: '−10..10, higher first' },
];

const CLASSES = ['A', 'B', 'AB', 'conditional'];

/**
 * `#/train`: trains a toy network through the queue (`POST /api/trainings`); the server checks
 * the spec and answers each problem by field, shown next to it. A submitted training opens its
 * experiment page, where its loss streams in against the iteration.
 */
export function trainPage(root: HTMLElement): () => void {
  const values: Record<string, string> = { name: '', classes: 'A' };
  const paths: string[] = [];
  const context: FormContext = { paths, changed: () => undefined };
  const status = h('div', { class: 'spec-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Train');
  const form = h(
    'form',
    { class: 'spec-form train-form', novalidate: true },
    field(
      context,
      'name',
      'name',
      textInput(context, '', (v) => (values.name = v), 'e.g. A-48'),
      'the models are toy-mlp:<name> and toy-mlp:<name>-<iteration>',
    ),
    field(
      context,
      'classes',
      'classes',
      select(context, 'A', CLASSES, (v) => (values.classes = v)),
      'AB: their union; conditional: A∪B with the class as condition',
    ),
    ...NUMBERS.map((n) =>
      field(
        context,
        n.label,
        n.path,
        textInput(context, '', (v) => (values[n.path] = v), n.fallback),
        n.hint,
      ),
    ),
    h('div', { class: 'form-row' }, submit),
    status,
  );
  // Viewers read only; the server refuses their writes anyway.
  whoAmI().then(
    (me) => {
      submit.disabled = !maySubmit(me);
    },
    () => undefined,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });
  replace(
    root,
    h('h1', null, 'Train a toy network'),
    h(
      'p',
      { class: 'muted' },
      'Exact score matching on the 2-D toy (docs/toy.md), with EMA snapshots for post-hoc EMA.',
    ),
    form,
  );

  async function send(): Promise<void> {
    submit.disabled = true;
    try {
      const view = await api.train(spec(values));
      location.hash = `#/experiments/${view.id}`;
    } catch (e) {
      submit.disabled = false;
      const violations = e instanceof ApiRequestError ? e.violations : [];
      showErrors(form, status, violations, paths);
      if (violations.length === 0) {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  return () => undefined;
}

/**
 * The spec the form's text makes: blank fields left out (the server's defaults), numbers sent as
 * numbers, anything else as typed, for the server to name what is wrong with it.
 */
export function spec(values: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(values)) {
    const text = raw.trim();
    if (text === '') {
      continue;
    }
    const number = Number(text);
    out[key] = key !== 'name' && key !== 'classes' && Number.isFinite(number) ? number : text;
  }
  return out;
}
