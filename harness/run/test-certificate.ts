import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { DAY_MS } from '../clock/browser-clock.ts';

/** The environment variables that hand the run's certificate (PEM files) to the workers' case servers. */
export const CERTIFICATE_VARIABLES = { cert: 'COOKIE_HARNESS_TLS_CERT_FILE', key: 'COOKIE_HARNESS_TLS_KEY_FILE' } as const;

// A run lasts hours at most; a day of margin either side of the browsers' moved clocks is not needed: they accept it.
const VALID_DAYS = 2;

export interface TestCertificate {
  certFile: string;
  keyFile: string;
  /** Deletes the files. */
  remove(): void;
}

/**
 * Makes a self-signed certificate for localhost, 127.0.0.1 and every case host, in a directory of its own. Browsers
 * are told to accept it rather than to trust it: docs/lanes.md, "HTTPS", says why that changes no cookie behaviour.
 */
export async function makeTestCertificate(caseHosts: string[]): Promise<TestCertificate> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cookie-harness-tls-'));
  const names = [...new Set(['localhost', ...caseHosts])];
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    notAfterDate: new Date(Date.now() + VALID_DAYS * DAY_MS),
    extensions: [{ name: 'subjectAltName', altNames: [...names.map((value) => ({ type: 2 as const, value })), { type: 7, ip: '127.0.0.1' }] }],
  });
  const certificate = { certFile: path.join(dir, 'cert.pem'), keyFile: path.join(dir, 'key.pem'), remove: () => rmSync(dir, { recursive: true, force: true }) };
  writeFileSync(certificate.certFile, pems.cert);
  writeFileSync(certificate.keyFile, pems.private, { mode: 0o600 });
  return certificate;
}
