#!/usr/bin/env node
// Launches the built CLI; `npm run build` produces dist/.
import('../dist/main/cli.js');
