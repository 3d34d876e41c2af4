/**
 * A throwaway certificate for the HTTPS contract fakes, generated at test time (never committed):
 * valid for 127.0.0.1 and localhost for one day. The providers trust it through their `ca` option.
 */
import { generate } from 'selfsigned';

export interface Throwaway {
  cert: string;
  key: string;
}

let cached: Promise<Throwaway> | undefined;

export function throwawayCertificate(): Promise<Throwaway> {
  cached ??= generate([{ name: 'commonName', value: 'cmss-contract-fake' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  }).then((pems) => ({ cert: pems.cert, key: pems.private }));
  return cached;
}
