// Lint: typescript-eslint's recommended rules plus the layer rules of DESIGN.md (which folder may import what).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'This layer runs without Node: use src/shared or pass what you need in.' };
const electronOnly = { group: ['electron'], message: 'Only src/main/electron may import Electron.' };

const driversKnowNoMcp = { group: ['**/core/**', '**/mcp/**', '**/http/**', '**/electron/**', '@modelcontextprotocol/*'], message: 'drivers know no MCP and no supervisor.' };

function layer(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(['src/shared/**'], [
    nodeBuiltins,
    electronOnly,
    { group: ['react', 'react-dom', '**/main/**', '**/renderer/**'], message: 'src/shared holds types and pure contracts only.' },
  ]),
  layer(['src/main/core/**'], [
    electronOnly,
    { group: ['**/drivers/*', '!**/drivers/types.js'], message: 'core is given drivers; it imports only their interfaces (drivers/types.js).' },
    { group: ['**/mcp/**', '**/http/**', '**/electron/**', '@modelcontextprotocol/*', 'express', '@nut-tree-fork/*'], message: 'core knows no transport and no OS.' },
  ]),
  layer(['src/main/drivers/**'], [electronOnly, driversKnowNoMcp]),
  ...['linux', 'win32', 'mac'].map((os) =>
    layer([`src/main/drivers/${os}/**`], [
      electronOnly,
      driversKnowNoMcp,
      { group: ['linux', 'win32', 'mac'].filter((other) => other !== os).map((other) => `**/${other}/*`), message: 'A platform folder never imports another platform.' },
    ]),
  ),
  layer(['src/main/mcp/**'], [electronOnly, { group: ['**/electron/**', '**/http/**'], message: 'The MCP layer does not reach up into http or electron.' }]),
  layer(['src/main/http/**', 'src/main/cli.ts'], [electronOnly, { group: ['**/electron/**'], message: 'Headless code never imports the Electron shell.' }]),
  layer(['src/renderer/**'], [
    nodeBuiltins,
    electronOnly,
    { group: ['**/main/**'], message: 'The panel talks only to the Bridge interface in src/shared.' },
  ]),
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', EventSource: 'readonly', fetch: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', localStorage: 'readonly', navigator: 'readonly', HTMLElement: 'readonly' } },
  },
  {
    files: ['**/*.cjs', '**/*.cts'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
