import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const DIR = path.join(ROOT, 'build', 'tls');
// Every host the specs reach over HTTPS.
const SUBJECT_ALT_NAMES = 'DNS:localhost,IP:127.0.0.1';
// A fresh certificate per run would do; reusing one younger than a day saves openssl calls in every worker.
const REUSE_FOR_MS = 24 * 60 * 60 * 1000;

export interface TestCertificate {
  certFile: string;
  keyFile: string;
}

/**
 * A self-signed certificate for the server's HTTPS listener, made with the openssl CLI into build/tls
 * (never committed). Browsers are told to accept it: see "HTTPS" in the README for why that changes no cookie.
 */
export function testCertificate(): TestCertificate {
  const certificate = { certFile: path.join(DIR, 'cert.pem'), keyFile: path.join(DIR, 'key.pem') };
  if (isRecent(certificate.certFile) && isRecent(certificate.keyFile)) return certificate;
  mkdirSync(DIR, { recursive: true });
  const result = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '7', '-subj', '/CN=localhost',
      '-addext', `subjectAltName=${SUBJECT_ALT_NAMES}`, '-keyout', certificate.keyFile, '-out', certificate.certFile],
    { encoding: 'utf8' },
  );
  if (result.error) throw new Error(`openssl is needed to make the HTTPS test certificate (${result.error.message}); install it, e.g. apt-get install openssl`);
  if (result.status !== 0) throw new Error(`openssl could not make the HTTPS test certificate:\n${result.stderr}`);
  return certificate;
}

function isRecent(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < REUSE_FOR_MS;
  } catch {
    return false;
  }
}
