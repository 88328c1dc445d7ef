import { h } from '../dom';

/**
 * Tags typed as text, separated by commas or white space, in order and without duplicates; the
 * server checks each (1–40 letters, digits and `- _ . :`) and names the ones it refuses.
 */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter((t) => t !== ''))];
}

/**
 * An experiment's tags as chips: buttons that call `onPick` with their tag (to filter by it), or
 * links to the history filtered by it when there is no `onPick`.
 */
export function tagChips(tags: readonly string[], onPick?: (tag: string) => void): HTMLElement {
  return h(
    'span',
    { class: 'tags' },
    ...tags.map((tag) =>
      onPick
        ? h(
            'button',
            {
              class: 'tag',
              dataset: { tag },
              title: `only experiments tagged ${tag}`,
              onclick: () => onPick(tag),
            },
            tag,
          )
        : h(
            'a',
            { class: 'tag', dataset: { tag }, href: `#/history?tag=${encodeURIComponent(tag)}` },
            tag,
          ),
    ),
  );
}
