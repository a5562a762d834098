import { generate } from 'selfsigned';

/** A PEM certificate and its private key. */
export interface SimCertificate {
  certPem: string;
  keyPem: string;
}

let cached: Promise<SimCertificate> | undefined;

/**
 * The simulator's self-signed certificate (CN `cb-simulator`, SAN 127.0.0.1, ::1 and localhost).
 * Generated once per process (RSA generation is slow) and shared by every simulator instance.
 */
export function simulatorCertificate(): Promise<SimCertificate> {
  cached ??= generate([{ name: 'commonName', value: 'cb-simulator' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 86_400_000),
    notAfterDate: new Date(Date.now() + 5 * 365 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  }).then((pems) => ({ certPem: pems.cert, keyPem: pems.private }));
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
