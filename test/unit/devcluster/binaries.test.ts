// The control plane build finds Go where its official archive installs it even when the caller's PATH (a script, CI,
// `npm run demo` from a non-login shell) does not name that folder.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GO_INSTALL_BIN, withGoInstallDir } from '../../../src/devcluster/binaries.js';

test('Go\'s install folder is appended to PATH once, after what the user has', () => {
  assert.equal(withGoInstallDir('/usr/bin:/bin'), `/usr/bin:/bin:${GO_INSTALL_BIN}`);
  assert.equal(withGoInstallDir(`${GO_INSTALL_BIN}:/usr/bin`), `${GO_INSTALL_BIN}:/usr/bin`);
  assert.equal(withGoInstallDir(undefined), GO_INSTALL_BIN);
  assert.equal(withGoInstallDir('/opt/go/bin::/usr/bin'), `/opt/go/bin:/usr/bin:${GO_INSTALL_BIN}`);
});
