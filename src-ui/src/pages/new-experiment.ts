import { ApiRequestError, api, whoAmI } from '../api/client';
import type { ModelInfo, SpecCheck } from '../api/types';
import { h, replace } from '../dom';
import { entryFieldset } from '../form/entry-inputs';
import { showErrors } from '../form/field-errors';
import { checkbox, field, modelSelect, select, textInput } from '../form/inputs';
import { PRESETS } from '../form/presets';
import { costElement } from '../form/cost';
import {
  IMAGE_MODEL_KIND,
  conditionField,
  emptyEntry,
  emptyForm,
  fromSpec,
  toSpec,
  type SpecForm,
} from '../form/spec-form';
import {
  conditionInput,
  fillSamplerPlaceholders,
  loadVocabulary,
  metricBoxes,
  samplerFieldset,
  type SpecContext,
  type Vocabulary,
} from '../form/spec-inputs';
import { errorMessage } from '../text';

const VALIDATE_DELAY_MS = 250;

/**
 * The submit page: presets, the spec form (built from the server's method table), validation
 * against the server as the user types, and submission, which lands on the live view.
 *
 * @param params `preset=<id>` fills the form with a preset; `from=<experiment id>` with a stored spec
 */
export function newExperimentPage(root: HTMLElement, params: URLSearchParams): () => void {
  let disposed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;
  let form: SpecForm = emptyForm();
  let vocabulary: Vocabulary;
  let lastCheck: SpecCheck | null = null;
  let paths: string[] = [];

  const formElement = h('form', { class: 'spec-form', novalidate: true });
  const status = h('div', { class: 'spec-status', role: 'status' });
  const submit = h('button', { type: 'submit', class: 'primary', disabled: true }, 'Submit');
  // Viewers may check specs but not submit them; the server refuses their writes anyway.
  let viewer = false;
  const viewerNote = h('span', { class: 'muted viewer-note', hidden: true }, 'viewers read only');
  whoAmI()
    .then((me) => {
      viewer = me.role === 'viewer';
      viewerNote.hidden = !viewer;
      submit.disabled ||= viewer;
    })
    .catch(() => undefined);

  replace(root, h('p', { class: 'muted' }, 'Loading models and methods…'));

  loadVocabulary()
    .then(async (loaded) => {
      vocabulary = loaded;
      form = await initialForm(params, loaded.models);
      if (!disposed) {
        layout();
      }
    })
    .catch((e: unknown) =>
      replace(root, h('p', { class: 'error' }, `Could not load: ${errorMessage(e)}`)),
    );

  function layout(): void {
    replace(
      root,
      h('h1', null, 'New experiment'),
      h(
        'section',
        { class: 'presets' },
        h('h2', null, 'Presets'),
        h(
          'div',
          { class: 'preset-list' },
          ...PRESETS.map((preset) =>
            h(
              'button',
              {
                type: 'button',
                class: 'preset',
                dataset: { preset: preset.id },
                onclick: () => {
                  form = fromSpec(preset.spec);
                  render();
                },
              },
              h('strong', null, preset.title),
              h('span', null, preset.expected),
            ),
          ),
        ),
      ),
      formElement,
    );
    formElement.addEventListener('submit', (e) => {
      e.preventDefault();
      void send();
    });
    render();
  }

  /** Rebuilds the form from `form` (after structural changes), then validates. */
  function render(): void {
    const context: SpecContext = {
      paths: [],
      changed: validateSoon,
      rebuild: render,
      form,
      vocabulary,
    };
    paths = context.paths;
    const models = vocabulary.models;
    const main = models.find((m) => m.name === form.main);
    const image = main?.kind === IMAGE_MODEL_KIND;
    replace(
      formElement,
      h(
        'fieldset',
        null,
        h('legend', null, 'Experiment'),
        field(
          context,
          'name',
          'name',
          textInput(context, form.name, (v) => (form.name = v), 'what this sweep asks'),
        ),
        field(
          context,
          'priority',
          'priority',
          textInput(context, form.priority, (v) => (form.priority = v), '0'),
          'when its points run, not what they compute: higher first, −10..10',
        ),
        field(
          context,
          'reuse results',
          'reuse',
          checkbox(context, form.reuse, (v) => (form.reuse = v)),
          'a point equal to a completed one takes its results at once; off computes every point',
        ),
        field(
          context,
          'main model',
          'main',
          modelSelect(context, form.main, models, (v) => {
            const chosen = models.find((m) => m.name === v);
            if (chosen?.kind !== IMAGE_MODEL_KIND) {
              form.features = '';
            }
            if (conditionField(chosen)?.kind !== conditionField(main)?.kind) {
              form.condition = '';
            }
            form.main = v;
            render();
          }),
        ),
        conditionInput(context, conditionField(main)),
      ),
      h(
        'fieldset',
        null,
        h('legend', null, 'Sweep'),
        ...form.entries.map((entry, i) => entryFieldset(context, entry, i)),
        h(
          'button',
          {
            type: 'button',
            class: 'add-entry',
            onclick: () => {
              form.entries.push(emptyEntry('cfg'));
              render();
            },
          },
          '+ Add method',
        ),
      ),
      samplerFieldset(context, lastCheck),
      h(
        'fieldset',
        null,
        h('legend', null, 'Samples and metrics'),
        field(
          context,
          'samples per point',
          'samples',
          textInput(context, form.samples, (v) => (form.samples = v)),
        ),
        field(
          context,
          'seed',
          'seed',
          textInput(context, form.seed, (v) => (form.seed = v)),
          'one seed, or a list to repeat every point; sample k draws from (seed, k)',
        ),
        field(context, 'metrics', 'metrics', metricBoxes(context, image)),
        image
          ? field(
              context,
              'feature network',
              'features',
              select(
                context,
                form.features,
                ['', ...vocabulary.featureNetworks.map((f) => f.name)],
                (v) => (form.features = v),
                'choose one',
              ),
              'the space FD is measured in (GET /api/feature-networks)',
            )
          : null,
        field(
          context,
          'FD reference',
          'reference',
          select(
            context,
            form.reference,
            [
              '',
              ...vocabulary.references
                .filter((r) => (image ? r.dim !== 2 : r.dim === 2))
                .map((r) => r.name),
            ],
            (v) => (form.reference = v),
            image ? 'choose statistics of that network' : 'exact class-A moments',
          ),
        ),
      ),
      h('div', { class: 'submit-row' }, status, viewerNote, submit),
    );
    validateSoon();
  }

  function validateSoon(): void {
    clearTimeout(timer);
    timer = setTimeout(() => void validate(), VALIDATE_DELAY_MS);
  }

  async function validate(): Promise<void> {
    const mine = ++generation;
    try {
      const check = await api.validate(toSpec(form, vocabulary.methods));
      if (mine !== generation || disposed) {
        return;
      }
      lastCheck = check;
      showErrors(formElement, status, [], paths);
      fillSamplerPlaceholders(formElement, check);
      replace(
        status,
        costElement(check.cost),
        h('span', { class: 'ok' }, `${check.points.length} points: `),
        check.points.join(' · '),
      );
      submit.disabled = viewer;
    } catch (e) {
      if (mine !== generation || disposed) {
        return;
      }
      showErrors(formElement, status, e instanceof ApiRequestError ? e.violations : [], paths);
      submit.disabled = true;
      if (!(e instanceof ApiRequestError) || e.violations.length === 0) {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  async function send(): Promise<void> {
    submit.disabled = true;
    try {
      const view = await api.submit(toSpec(form, vocabulary.methods));
      location.hash = `#/experiments/${view.id}`;
    } catch (e) {
      submit.disabled = false;
      if (e instanceof ApiRequestError && e.violations.length > 0) {
        showErrors(formElement, status, e.violations, paths);
      } else {
        replace(status, h('span', { class: 'error' }, errorMessage(e)));
      }
    }
  }

  return () => {
    disposed = true;
    clearTimeout(timer);
  };
}

async function initialForm(params: URLSearchParams, models: ModelInfo[]): Promise<SpecForm> {
  const preset = PRESETS.find((p) => p.id === params.get('preset'));
  if (preset) {
    return fromSpec(preset.spec);
  }
  const from = params.get('from');
  if (from) {
    const view = await api.experiment(from);
    return fromSpec({ ...view.spec, name: `${view.spec.name} (again)` });
  }
  return { ...emptyForm(), main: models[0]?.name ?? '' };
}
