#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (run `npm run build` first).
import('../dist/src/cli/main.js')
  .then((m) => m.main(process.argv))
  .catch((err) => {
    process.stderr.write(`breakglass: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
