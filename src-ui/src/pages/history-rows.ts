import { mayChange } from '../account/account';
import { api } from '../api/client';
import type { ExperimentSummary, Me } from '../api/types';
import { formatNumber, formatTime, h } from '../dom';
import { errorMessage } from '../text';
import { tagChips } from './tags';

/** What a history row shows and what its controls do. */
export interface RowContext {
  /** Whose stars are toggles; null until known. */
  me: Me | null;
  /** The experiments selected to compare. */
  chosen: ReadonlySet<string>;
  /** The metric the listing shows and the weight it is shown at, each `''` or absent when none. */
  metric?: string;
  weight?: string;
  /** A row's checkbox changed. */
  onChoose: (id: string, chosen: boolean) => void;
  /** A tag chip was clicked. */
  onTag: (tag: string) => void;
  /** An experiment was starred or unstarred. */
  onStarred: () => void;
}

/** The history's row of experiment `e`. */
export function experimentRow(e: ExperimentSummary, context: RowContext): HTMLElement {
  return h(
    'tr',
    { dataset: { experiment: e.id } },
    h('td', null, chooseBox(e, context)),
    h('td', null, star(e, context)),
    h(
      'td',
      null,
      h('a', { href: `#/experiments/${e.id}` }, e.name),
      e.archivedAt === null ? null : h('span', { class: 'archived-label' }, 'archived'),
      tagChips(e.tags, context.onTag),
    ),
    h('td', null, h('span', { class: `badge state-${e.state.toLowerCase()}` }, e.state)),
    h('td', null, e.kind),
    h('td', null, e.owner),
    h('td', null, `${e.pointsCompleted}/${e.points}`, reused(e)),
    h('td', null, formatTime(e.createdAt)),
    h('td', { class: 'mono' }, e.specHash.slice(0, 12)),
    context.metric ? h('td', { class: 'best' }, formatNumber(e.best)) : null,
    context.metric && context.weight
      ? h('td', { class: 'at-weight' }, formatNumber(e.atWeight))
      : null,
  );
}

/** The checkbox that selects the experiment to compare. */
function chooseBox(e: ExperimentSummary, context: RowContext): HTMLInputElement {
  return h('input', {
    type: 'checkbox',
    checked: context.chosen.has(e.id),
    title: 'select to compare',
    onchange: (event: Event) => context.onChoose(e.id, (event.target as HTMLInputElement).checked),
  });
}

/** The row's star: a toggle for its owner or an admin, else a mark when starred. */
function star(e: ExperimentSummary, context: RowContext): HTMLElement | null {
  if (!mayChange(context.me, e.owner)) {
    return e.starred ? h('span', { class: 'star', title: 'starred' }, '★') : null;
  }
  return h(
    'button',
    {
      class: 'star',
      title: e.starred ? 'unstar' : 'star',
      dataset: { starred: String(e.starred) },
      onclick: () =>
        void api
          .editExperiment(e.id, { starred: !e.starred })
          .then(context.onStarred)
          .catch((error: unknown) => alert(errorMessage(error))),
    },
    e.starred ? '★' : '☆',
  );
}

/** How many of its points reused a completed point's results, when any did. */
function reused(e: ExperimentSummary): HTMLElement | null {
  return e.pointsReused > 0
    ? h(
        'span',
        { class: 'reused', title: 'points that reused a completed point’s results' },
        ` (${e.pointsReused} reused)`,
      )
    : null;
}
