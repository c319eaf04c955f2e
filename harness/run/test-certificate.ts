import { spawnSync } from 'node:child_process';
import path from 'node:path';

// Every host the specs reach over HTTPS.
const SUBJECT_ALT_NAMES = 'DNS:localhost,IP:127.0.0.1';

export interface TestCertificate {
  certFile: string;
  keyFile: string;
}

/**
 * Makes a self-signed certificate for the server's HTTPS listener in `dir`, with the openssl CLI. Browsers are told
 * to accept it rather than to trust it: README, "HTTPS", says why that changes no cookie behaviour.
 */
export function makeTestCertificate(dir: string): TestCertificate {
  const certificate = { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem') };
  const result = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=localhost',
      '-addext', `subjectAltName=${SUBJECT_ALT_NAMES}`, '-keyout', certificate.keyFile, '-out', certificate.certFile],
    { encoding: 'utf8' },
  );
  if (result.error) throw new Error(`openssl is needed to make the HTTPS test certificate (${result.error.message}); install it, e.g. apt-get install openssl`);
  if (result.status !== 0) throw new Error(`openssl could not make the HTTPS test certificate:\n${result.stderr}`);
  return certificate;
}
