import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // LibreOffice and xmllint are heavy; two cores are all CI has.
    maxWorkers: 2,
    // Builds on PowerPoint-file templates cache their parse; keep the tests' entries out of the
    // user's own cache folder (CLI runs the tests spawn inherit this).
    env: { BRIEF_CACHE_DIR: path.resolve('node_modules/.cache/brief-tests') },
  },
});
