import type { MethodInfo, ParamInfo } from '../api/types';
import { h } from '../dom';
import { checkbox, field, modelSelect, select, textInput } from './inputs';
import { emaFields, emptyEntry, type EmaField, type EntryForm } from './spec-form';
import type { SpecContext } from './spec-inputs';

/**
 * The sweep's entry `index`: its method, the method a wrapper wraps, each method's parameters from
 * the server's method table, its guidance weights, its models' post-hoc EMA fields, and a button
 * removing it (not the last one).
 */
export function entryFieldset(context: SpecContext, entry: EntryForm, index: number): HTMLElement {
  const { form, vocabulary } = context;
  const path = `sweep[${index}]`;
  const method = vocabulary.methods.find((m) => m.name === entry.method);
  return h(
    'div',
    { class: 'entry', dataset: { entry: String(index) } },
    h(
      'div',
      { class: 'entry-head' },
      field(
        context,
        'method',
        `${path}.method`,
        select(
          context,
          entry.method,
          vocabulary.methods.map((m) => m.name),
          (v) => {
            form.entries[index] = { ...emptyEntry(v), weights: entry.weights };
            context.rebuild();
          },
        ),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'remove',
          title: 'remove this method',
          disabled: form.entries.length === 1,
          onclick: () => {
            form.entries.splice(index, 1);
            context.rebuild();
          },
        },
        '×',
      ),
    ),
    method?.role === 'WRAPPER' ? innerFields(context, entry, method, path) : null,
    ...(method?.params ?? []).map((p) => paramField(context, entry, p, path)),
    method && method.role !== 'PLAIN'
      ? field(
          context,
          'weights w',
          `${path}.weights`,
          textInput(context, entry.weights, (v) => (entry.weights = v), '1.5, 2, 3 or 1:0.5:3'),
        )
      : null,
    // After innerFields, which gives a wrapper its inner entry.
    ...emaInputs(context, entry, method, path),
  );
}

/** Label, placeholder and hint of each EMA field. */
const EMA_INPUTS: Record<EmaField, [string, string, string]> = {
  mainEma: [
    'main EMA σ_rel',
    'as published',
    "the main model's post-hoc EMA width; a list sweeps it",
  ],
  guideEma: ['guide EMA σ_rel', 'as published', "the guide's post-hoc EMA width; a list sweeps it"],
  guideIteration: [
    'guide iteration',
    "the guide's own",
    "the guide family's training iteration; a list sweeps it",
  ],
};

/** The inputs of the EMA fields the entry's method takes, each a number or a list. */
function emaInputs(
  context: SpecContext,
  entry: EntryForm,
  method: MethodInfo | undefined,
  path: string,
): HTMLElement[] {
  const inner = context.vocabulary.methods.find((m) => m.name === entry.inner?.method);
  return emaFields(method, inner).map((name) => {
    const [label, placeholder, hint] = EMA_INPUTS[name];
    const input = textInput(
      context,
      String(entry.values[name] ?? ''),
      (v) => (entry.values[name] = v),
      placeholder,
    );
    return field(context, label, `${path}.${name}`, input, hint);
  });
}

/** The method a wrapper `method` wraps (its first by default) and that method's parameters. */
function innerFields(
  context: SpecContext,
  entry: EntryForm,
  method: MethodInfo,
  path: string,
): HTMLElement {
  const inner = entry.inner ?? emptyEntry(method.inner[0]);
  entry.inner = inner;
  const innerMethod = context.vocabulary.methods.find((m) => m.name === inner.method);
  return h(
    'div',
    { class: 'inner' },
    field(
      context,
      'wraps',
      `${path}.inner.method`,
      select(context, inner.method, method.inner, (v) => {
        entry.inner = emptyEntry(v);
        context.rebuild();
      }),
    ),
    ...(innerMethod?.params ?? []).map((p) => paramField(context, inner, p, `${path}.inner`)),
  );
}

/** The input of one parameter, by its kind: a checkbox, a model, a choice or text. */
function paramField(
  context: SpecContext,
  entry: EntryForm,
  param: ParamInfo,
  path: string,
): HTMLElement {
  const value = entry.values[param.name];
  const set = (v: string | boolean) => (entry.values[param.name] = v);
  let input: HTMLElement;
  if (param.kind === 'BOOLEAN') {
    input = checkbox(context, typeof value === 'boolean' ? value : param.fallback === true, set);
  } else if (param.kind === 'MODEL') {
    input = modelSelect(
      context,
      String(value ?? ''),
      context.vocabulary.models,
      set,
      optional(param),
    );
  } else if (param.kind === 'CHOICE') {
    input = select(
      context,
      String(value ?? ''),
      ['', ...(param.choices ?? [])],
      set,
      defaultText(param),
    );
  } else {
    input = textInput(context, String(value ?? ''), set, defaultText(param));
  }
  return field(context, param.name, `${path}.${param.name}`, input, param.hint);
}

function optional(param: ParamInfo): string {
  return param.presence === 'REQUIRED' ? 'choose a model' : 'none (main model, c = ∅)';
}

function defaultText(param: ParamInfo): string {
  if (param.presence === 'DEFAULTED' && param.fallback !== null) {
    return `default ${String(param.fallback)}`;
  }
  return param.presence === 'REQUIRED' ? 'required' : 'optional';
}
