import { eventsUrl } from './client';
import { EVENT_TYPES, TERMINAL, type ExperimentView, type ProgressEvent } from './types';

export type StreamStatus = 'live' | 'reconnecting' | 'ended' | 'refused';

/** What a stream reports to its subscriber. */
export interface StreamHandlers {
  /**
   * The experiment as the server has it: first on connect, again after a reconnect the server
   * cannot resume.
   */
  snapshot(view: ExperimentView): void;
  /** One progress event, in the order the server sent them. */
  event(event: ProgressEvent): void;
  /**
   * `live` once connected, `reconnecting` after a drop, `ended` when the experiment has ended,
   * `refused` when the server answered with an error (e.g. no such experiment).
   */
  status?(status: StreamStatus): void;
}

/**
 * Follows one experiment over a single `EventSource`: snapshot on connect, then deltas. The server
 * closes the stream once the experiment is in a terminal state; we close it too, so the browser does
 * not reconnect. A dropped connection reconnects by itself, sending the last event's id: the server
 * goes on after that event, or starts again with a snapshot when it cannot.
 *
 * @returns a function that stops following
 */
export function follow(id: string, handlers: StreamHandlers): () => void {
  const source = new EventSource(eventsUrl(id));
  const end = () => {
    source.close();
    handlers.status?.('ended');
  };
  source.addEventListener('open', () => handlers.status?.('live'));
  source.addEventListener('snapshot', (message) => {
    const view = JSON.parse((message as MessageEvent<string>).data) as ExperimentView;
    handlers.snapshot(view);
    if (TERMINAL.includes(view.state)) {
      end();
    }
  });
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      const event = JSON.parse((message as MessageEvent<string>).data) as ProgressEvent;
      handlers.event(event);
      if (TERMINAL.includes(event.experimentState)) {
        end();
      }
    });
  }
  source.addEventListener('error', () => {
    // The browser retries dropped connections itself; an error answer (404, 500) closes for good.
    handlers.status?.(source.readyState === EventSource.CLOSED ? 'refused' : 'reconnecting');
  });
  return () => source.close();
}
