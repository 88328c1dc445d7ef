/**
 * Per-point results fetched once, when the point is ready for them: a fetch that fails (nothing
 * stored yet) is forgotten, so the next call asks again; `changed` runs when a fetch settles.
 */
export class FetchOnce<T> {
  private readonly values = new Map<string, T | 'loading'>();

  constructor(
    private readonly load: (pointId: string) => Promise<T>,
    private readonly changed: () => void,
  ) {}

  /** The point's value if loaded, else null; starts loading it if `ready` and not yet asked. */
  get(pointId: string, ready: boolean): T | null {
    const value = this.values.get(pointId);
    if (value === undefined && ready) {
      this.values.set(pointId, 'loading');
      this.load(pointId)
        .then((loaded) => this.values.set(pointId, loaded))
        .catch(() => this.values.delete(pointId))
        .finally(this.changed);
    }
    return value === undefined || value === 'loading' ? null : value;
  }
}
