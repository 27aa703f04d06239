// Certificates for the local control plane, made with the machine's openssl: one ECDSA P-256 CA that signs
// both the serving certificate (localhost, 127.0.0.1) and the admin client certificate (CN=admin,
// O=system:masters, which bypasses RBAC), plus the service-account signing key pair. openssl is on every
// machine of this kind; a pure-JS X.509 library would be a dependency for a test-only concern.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ControlPlaneCertificates {
  /** Holds ca.crt, serving.crt/.key, admin.crt/.key, sa.key, sa.pub. */
  readonly dir: string;
}

export async function generateCertificates(dir: string): Promise<ControlPlaneCertificates> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const p = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

  await openssl([
    'req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.crt'), '-days', '7',
    '-subj', '/CN=kro-ts-dev-ca/O=kro-ts',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
  ]);

  await issue(dir, 'serving', '/CN=localhost', [
    'subjectAltName=DNS:localhost,IP:127.0.0.1',
    'extendedKeyUsage=serverAuth',
    'keyUsage=critical,digitalSignature,keyEncipherment',
  ]);
  await issue(dir, 'admin', '/O=system:masters/CN=admin', [
    'extendedKeyUsage=clientAuth',
    'keyUsage=critical,digitalSignature,keyEncipherment',
  ]);

  await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', p('sa.key')]);
  await openssl(['pkey', '-in', p('sa.key'), '-pubout', '-out', p('sa.pub')]);
  return { dir };
}

async function issue(dir: string, name: string, subject: string, extensions: string[]): Promise<void> {
  const p = (f: string) => join(dir, f);
  await openssl([
    'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', subject,
  ]);
  await writeFile(p(`${name}.ext`), `${extensions.join('\n')}\n`);
  await openssl([
    'x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial',
    '-out', p(`${name}.crt`), '-days', '7', '-extfile', p(`${name}.ext`),
  ]);
}

function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, (error, _stdout, stderr) => {
      if (error) reject(new Error(`openssl ${args[0]} failed: ${stderr || error.message}`));
      else resolve();
    });
  });
}
