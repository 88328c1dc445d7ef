import { mayChange, maySubmit } from '../account/account';
import { api, exportUrl } from '../api/client';
import type { StreamStatus } from '../api/events';
import { TERMINAL, type ExperimentView, type Me } from '../api/types';
import { formatTime, h, replace } from '../dom';
import { ExperimentOrganise } from './experiment-organise';
import { formatDuration, sweepEtaSeconds } from '../live/experiment-state';

const STATUS_TEXT: Record<StreamStatus, string> = {
  live: '● live',
  reconnecting: 'reconnecting…',
  ended: 'finished',
  refused: 'stream refused',
};

/**
 * The experiment page's header: name, state, the stream's status, a summary of its points, how
 * the team organised it (star, tags, note, archived: {@link ExperimentOrganise}) and the actions
 * (cancel, run again, edit as new, export); cancel, run again and the changes to its organisation
 * are offered to whom the server allows them (its owner or an admin).
 */
export class ExperimentHeader {
  readonly element = h('header', { class: 'experiment-header' });
  private readonly streamStatus = h('span', { class: 'stream-status' }, 'connecting…');
  private readonly stateBadge = h('span', { class: 'badge' });
  private readonly summary = h('p', { class: 'muted summary' });
  private readonly title = h('h1');
  private readonly organise: ExperimentOrganise;
  private readonly cancel: HTMLButtonElement;
  private readonly rerun: HTMLButtonElement;

  constructor(id: string) {
    this.organise = new ExperimentOrganise(id, (name) => (this.title.textContent = name));
    this.cancel = h(
      'button',
      { class: 'danger', hidden: true, onclick: () => void api.cancel(id) },
      'Cancel',
    );
    // Shown by render once the user is known, whether that is before or after the first snapshot.
    this.rerun = h(
      'button',
      {
        class: 'rerun',
        hidden: true,
        title: 'submit the same spec again (same spec hash, same numbers)',
        onclick: () =>
          void api.rerun(id).then((again) => (location.hash = `#/experiments/${again.id}`)),
      },
      'Run again',
    );
  }

  /** Shows the state of the stream the page follows. */
  showStatus(s: StreamStatus): void {
    this.streamStatus.textContent = STATUS_TEXT[s];
    this.streamStatus.dataset.status = s;
  }

  /** Shows `text` in place of the stream's state. */
  showStatusText(text: string): void {
    this.streamStatus.textContent = text;
  }

  /** Builds the header once; {@link render} updates it. */
  build(v: ExperimentView): void {
    this.title.textContent = v.name;
    this.organise.build(v);
    replace(
      this.element,
      h('div', { class: 'title-row' }, this.title, this.stateBadge, this.streamStatus),
      this.summary,
      this.organise.element,
      h(
        'div',
        { class: 'actions' },
        this.cancel,
        this.rerun,
        v.kind === 'sweep'
          ? h('a', { class: 'button', href: `#/new?from=${v.id}` }, 'Edit as new')
          : null,
        h(
          'a',
          {
            class: 'button export-csv',
            href: exportUrl(v.id, 'csv'),
            title: 'every metric of every point at every n, partial and final (from the server)',
          },
          'Export CSV',
        ),
        h(
          'a',
          {
            class: 'button export-json',
            href: exportUrl(v.id, 'json'),
            title: 'every metric of every point at every n, partial and final (from the server)',
          },
          'Export JSON',
        ),
      ),
    );
  }

  /**
   * Updates the state badge, the summary, and whether `me` (null while unknown) may cancel, run
   * again and organise.
   */
  render(v: ExperimentView, me: Me | null): void {
    const done = v.points.filter((p) => p.state === 'COMPLETED').length;
    this.stateBadge.className = `badge state-${v.state.toLowerCase()}`;
    this.stateBadge.dataset.state = v.state;
    this.stateBadge.textContent = v.state;
    const reusedCount = v.points.filter((p) => p.reusedFrom).length;
    const eta = sweepEtaSeconds(v, new Date());
    this.summary.textContent =
      `${v.kind} by ${v.owner} · ${formatTime(v.createdAt)} · ` +
      `${done}/${v.points.length} points done` +
      (reusedCount > 0 ? ` (${reusedCount} reused)` : '') +
      (eta === null || TERMINAL.includes(v.state) ? '' : ` · about ${formatDuration(eta)} left`);
    this.cancel.hidden = TERMINAL.includes(v.state) || !mayChange(me, v.owner);
    this.rerun.hidden = v.kind !== 'sweep' || !maySubmit(me);
    this.organise.render(me);
  }
}
