import { mayChange } from '../account/account';
import { ApiRequestError, api, type ExperimentEdit } from '../api/client';
import type { ExperimentSummary, ExperimentView, Me } from '../api/types';
import { formatTime, h, replace } from '../dom';
import { errorMessage } from '../text';
import { parseTags, tagChips } from './tags';

/** How the team organised an experiment, as the page last heard from the server. */
type Organised = Pick<
  ExperimentSummary,
  'name' | 'owner' | 'tags' | 'note' | 'starred' | 'archivedAt'
>;

/**
 * How the team organised an experiment, on its page: its star, tags (links to the history filtered
 * by them), note, and whether it is archived. Its owner or an admin also renames it, edits its tags
 * and note, stars, archives or restores it, and deletes it (after a confirm; then the page goes to
 * the history); everyone else reads. Each change is the server's answer to a `PATCH`: the event
 * stream carries only the experiment's work.
 */
export class ExperimentOrganise {
  readonly element = h('div', { class: 'organise' });
  private readonly error = h('p', { class: 'error', hidden: true });
  private current: Organised | null = null;
  private editable = false;
  private editing = false;

  /** @param renamed called with the new name after a rename, for the page's title */
  constructor(
    private readonly id: string,
    private readonly renamed: (name: string) => void,
  ) {}

  /** Shows the experiment as its first snapshot has it. */
  build(v: ExperimentView): void {
    this.current = pick(v);
    this.show();
  }

  /** Offers the changes if `me` (null while unknown) may make them: the owner or an admin. */
  render(me: Me | null): void {
    const editable = this.current !== null && mayChange(me, this.current.owner);
    if (editable !== this.editable) {
      this.editable = editable;
      this.show();
    }
  }

  private show(): void {
    const o = this.current;
    if (o === null) {
      return;
    }
    if (this.editing) {
      replace(this.element, this.form(o), this.error);
      return;
    }
    const star = this.editable
      ? h(
          'button',
          {
            class: 'star',
            title: o.starred ? 'unstar' : 'star',
            dataset: { starred: String(o.starred) },
            onclick: () => void this.save({ starred: !o.starred }),
          },
          o.starred ? '★' : '☆',
        )
      : o.starred
        ? h('span', { class: 'star', title: 'starred' }, '★')
        : null;
    replace(
      this.element,
      h(
        'div',
        { class: 'organise-row' },
        star,
        o.archivedAt === null
          ? null
          : h('span', { class: 'archived-label' }, `archived ${formatTime(o.archivedAt)}`),
        tagChips(o.tags),
        this.editable
          ? h(
              'button',
              { class: 'edit-organise', onclick: () => this.edit(true) },
              'Rename, tags, note…',
            )
          : null,
        this.editable
          ? h(
              'button',
              {
                class: 'archive',
                title: o.archivedAt === null ? 'hide it from the history' : 'show it again',
                onclick: () => void this.save({ archived: o.archivedAt === null }),
              },
              o.archivedAt === null ? 'Archive' : 'Restore',
            )
          : null,
        this.editable
          ? h('button', { class: 'danger delete', onclick: () => void this.remove(o) }, 'Delete')
          : null,
      ),
      o.note === null ? null : h('p', { class: 'note' }, o.note),
      this.error,
    );
  }

  private form(o: Organised): HTMLElement {
    const name = h('input', { type: 'text', name: 'name', value: o.name, maxLength: 200 });
    const tags = h('input', {
      type: 'text',
      name: 'tags',
      value: o.tags.join(', '),
      placeholder: 'tags, separated by commas',
    });
    const note = h('textarea', { name: 'note', rows: 4, maxLength: 10_000, placeholder: 'note' });
    note.value = o.note ?? '';
    return h(
      'form',
      {
        class: 'organise-form',
        onsubmit: (e: Event) => {
          e.preventDefault();
          void this.save({ name: name.value, tags: parseTags(tags.value), note: note.value });
        },
      },
      h('label', { class: 'field' }, h('span', { class: 'label' }, 'name'), name),
      h('label', { class: 'field' }, h('span', { class: 'label' }, 'tags'), tags),
      h('label', { class: 'field' }, h('span', { class: 'label' }, 'note'), note),
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Save'),
        h('button', { type: 'button', onclick: () => this.edit(false) }, 'Cancel'),
      ),
    );
  }

  private edit(on: boolean): void {
    this.editing = on;
    this.error.hidden = true;
    this.show();
  }

  private async save(edit: ExperimentEdit): Promise<void> {
    try {
      const answer = await api.editExperiment(this.id, edit);
      this.current = pick(answer);
      this.editing = false;
      this.error.hidden = true;
      this.renamed(answer.name);
      this.show();
    } catch (e) {
      this.fail(e);
    }
  }

  private async remove(o: Organised): Promise<void> {
    if (!confirm(`Delete “${o.name}” with all its results? This cannot be undone.`)) {
      return;
    }
    try {
      await api.deleteExperiment(this.id);
      location.hash = '#/history';
    } catch (e) {
      this.fail(e);
    }
  }

  /** Shows the server's refusal, with every field it names. */
  private fail(e: unknown): void {
    const fields =
      e instanceof ApiRequestError ? e.violations.map((v) => `${v.field}: ${v.message}`) : [];
    this.error.textContent = [errorMessage(e), ...fields].join(' · ');
    this.error.hidden = false;
  }
}

function pick(v: Organised): Organised {
  return {
    name: v.name,
    owner: v.owner,
    tags: v.tags,
    note: v.note,
    starred: v.starred,
    archivedAt: v.archivedAt,
  };
}
