/**
 * Coalesces bursts of updates (a stream can deliver many events per frame) into one call of
 * `render` per animation frame.
 */
export function coalesced(render: () => void): { schedule(): void; cancel(): void } {
  let frame = 0;
  return {
    schedule() {
      if (frame === 0) {
        frame = requestAnimationFrame(() => {
          frame = 0;
          render();
        });
      }
    },
    cancel() {
      cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}
