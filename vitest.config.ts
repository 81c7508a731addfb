import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const shared = {
  resolve: { alias: { '@': root } },
  // Server modules import "server-only", which only resolves to an empty module under this condition.
  ssr: { resolve: { conditions: ['react-server'], externalConditions: ['react-server'] } },
};

export default defineConfig({
  test: {
    reporters: process.env.VITEST_JSON ? ['default', ['json', { outputFile: process.env.VITEST_JSON }]] : ['default'],
    projects: [
      {
        ...shared,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'components/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          execArgv: ['--conditions=react-server'],
          server: { deps: { inline: ['react-markdown'] } },
        },
      },
      {
        ...shared,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['lib/**/*.int.test.ts', 'scripts/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          // Worker actions answer with task cards rendered through react-markdown, which imports React hooks its
          // server rendering never calls; inlined, its imports go through Vite's interop instead of Node's strict ESM.
          server: { deps: { inline: ['react-markdown'] } },
          setupFiles: ['test/database-per-file.ts'],
          execArgv: ['--conditions=react-server'],
          testTimeout: 30000,
          hookTimeout: 60000,
        },
      },
    ],
  },
});
