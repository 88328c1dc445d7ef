import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The dashboard's files in the order they run: each may build on what the ones before it left (the
 * later ones open the sweep experiment.e2e.ts submits through the form). Files not named here run
 * after them, by name.
 */
const ORDER = ['new-experiment', 'experiment', 'experiment-charts', 'history', 'runs', 'layout'];

function rank(file: TestSpecification): number {
  const index = ORDER.indexOf(basename(file.moduleId, '.e2e.ts'));
  return index < 0 ? ORDER.length : index;
}

/** Runs the files in {@link ORDER} rather than by their last durations. */
class FileOrder extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve(
      [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId)),
    );
  }
}

// Browser tests against a running Guidelab (GUIDELAB_URL), started by the Maven build's
// DashboardBrowserTest on embedded Kafka and PostgreSQL. One browser per file, files in ORDER,
// tests in file order; the files of one run name their experiments with one prefix (`run`).
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    fileParallelism: false,
    sequence: { sequencer: FileOrder },
    provide: { run: `e2e-${Date.now().toString(36)}` },
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
