/**
 * Sets `key` in the current hash route's query (or removes it, with null), keeping the rest:
 * `#/experiments/<id>?x=ema_g&point=3`. Not a new route: no `hashchange`, the page stays.
 */
export function setHashParam(key: string, value: string | null): void {
  const [path, search = ''] = location.hash.split('?', 2);
  const params = new URLSearchParams(search);
  if (value === null) {
    params.delete(key);
  } else {
    params.set(key, value);
  }
  const query = params.toString();
  history.replaceState(null, '', `${path}${query ? `?${query}` : ''}`);
}

/** A chart's zoom as the URL keeps it: `<metric>:<min>..<max>`. */
export interface Zoom {
  metric: string;
  min: number;
  max: number;
}

/** Reads `zoom=<metric>:<min>..<max>`; null when absent or malformed. */
export function parseZoom(text: string | null): Zoom | null {
  const match = /^(.+):(-?[\d.e+-]+)\.\.(-?[\d.e+-]+)$/.exec(text ?? '');
  if (!match) {
    return null;
  }
  const [min, max] = [Number(match[2]), Number(match[3])];
  return Number.isFinite(min) && Number.isFinite(max) && min < max
    ? { metric: match[1], min, max }
    : null;
}

/** The text of a zoom for the URL. */
export function formatZoom(zoom: Zoom): string {
  return `${zoom.metric}:${zoom.min}..${zoom.max}`;
}
