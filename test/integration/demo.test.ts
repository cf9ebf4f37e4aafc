/**
 * Issue 5, Done-when 5: `breakglass demo` (what `npm start` runs) tells the whole story on the
 * embedded emulator to the end — as a real child process, from an empty directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../golden/cli.js';
import { emulatorSkipReason, tempDir } from '../helpers/emulator.js';

test(
  'the demo runs to the end and leaves the reports, the state and 0600 secrets',
  { skip: emulatorSkipReason(), timeout: 180_000 },
  async () => {
    const dir = tempDir('breakglass-demo-');
    try {
      const run = await runCli(['demo', '--dir', 'out'], dir.path);
      assert.equal(run.code, 0, run.stderr);
      const out = run.stdout;
      for (const milestone of [
        /\[1\/\d+\] Audit the drifted tenant/,
        /changes? made/,
        /keys registered/,
        // Person-tied methods go only once the accounts hold keys: in the apply after enrolment.
        /Apply again[^\n]*\n\s+\d+ changes made: [^\n]*person-tied-method\[/,
        /every emergency account can sign in during an emergency/,
        /✉ to security@.*Fired:Sev0 .*alert-breakglass-signin/,
        /UNEXPLAINED/,
        /VERIFIED/,
        /Done in \d+ s\. Open the report: .*report\.html/,
      ]) {
        assert.match(out, milestone);
      }
      const report = readFileSync(join(dir.path, 'out', 'report.html'), 'utf8');
      assert.match(report, /<html/i);
      const secrets = join(dir.path, 'out', 'secrets');
      assert.ok(existsSync(secrets));
      assert.equal(statSync(secrets).mode & 0o777, 0o700);
      // Nothing the demo printed is a secret it generated.
      let checked = 0;
      for (const name of ['EmergencyAccount_1', 'EmergencyAccount_2']) {
        const file = join(secrets, `${name}@fabrikam.onmicrosoft.com.temporary-access-pass.json`);
        if (!existsSync(file)) continue;
        assert.equal(statSync(file).mode & 0o777, 0o600);
        const pass = (JSON.parse(readFileSync(file, 'utf8')) as { temporaryAccessPass: string })
          .temporaryAccessPass;
        assert.ok(!out.includes(pass) && !run.stderr.includes(pass));
        checked++;
      }
      assert.ok(checked > 0, 'the demo issued no Temporary Access Pass');
    } finally {
      dir.remove();
    }
  },
);
