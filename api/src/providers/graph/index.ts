/**
 * The Microsoft Graph calendar provider built from configuration (CALENDAR_PROVIDER=graph). The
 * booking engine's factory (providers/index.ts) calls this; tests call it with a fake's URLs and CA.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { CalendarProvider, FreeBusy } from '@cmss/shared';
import type { GraphConfig, ProvidersConfig } from '../config.js';
import { createTransport } from '../http/transport.js';
import { createGraphTokenSource, type GraphCredential, type GraphTokenSource } from './auth.js';
import { createGraphCalendar } from './provider.js';

export interface GraphProviderSetup {
  graph: GraphConfig;
  helpdeskMailbox: string;
  timeoutMs: ProvidersConfig['timeoutMs'];
  maxInlineWaitMs: ProvidersConfig['maxInlineWaitMs'];
  ca?: string | undefined;
  caFile?: string | undefined;
}

function credentialOf(graph: GraphConfig): GraphCredential {
  if (graph.credential.kind === 'secret') return graph.credential;
  const pem = readFileSync(graph.credential.certificatePath, 'utf8');
  const key =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      pem,
    )?.[0];
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!key) throw new Error(`GRAPH_CERTIFICATE_PATH: no private key in ${graph.credential.certificatePath}`);
  if (cert) {
    // Catch the classic mistake early: a thumbprint of another certificate.
    const x = new X509Certificate(cert);
    const sha1 = x.fingerprint.replace(/:/g, '').toLowerCase();
    const sha256 = x.fingerprint256.replace(/:/g, '').toLowerCase();
    if (graph.credential.thumbprint !== sha1 && graph.credential.thumbprint !== sha256) {
      throw new Error(
        'GRAPH_CERTIFICATE_THUMBPRINT does not match the certificate in GRAPH_CERTIFICATE_PATH',
      );
    }
  }
  return {
    kind: 'certificate',
    privateKeyPem: key,
    certificatePem: cert,
    thumbprint: graph.credential.thumbprint,
  };
}

export function createGraphProvider(setup: GraphProviderSetup): CalendarProvider & {
  freeBusy(emails: string[], from: string, to: string): Promise<FreeBusy[]>;
  tokens: GraphTokenSource;
  close(): void;
} {
  const ca = setup.ca ?? (setup.caFile ? readFileSync(setup.caFile, 'utf8') : undefined);
  const transport = createTransport({ timeoutMs: setup.timeoutMs, ca });
  const tokens = createGraphTokenSource({
    authorityHost: setup.graph.authorityHost,
    tenantId: setup.graph.tenantId,
    clientId: setup.graph.clientId,
    credential: credentialOf(setup.graph),
    resource: new URL(setup.graph.baseUrl).origin,
    transport,
  });
  const mailboxDomain = setup.helpdeskMailbox.split('@')[1]?.toLowerCase();
  const provider = createGraphCalendar({
    baseUrl: setup.graph.baseUrl,
    mailbox: setup.helpdeskMailbox,
    tenantDomains: setup.graph.tenantDomains.length
      ? setup.graph.tenantDomains
      : mailboxDomain
        ? [mailboxDomain]
        : [],
    tokens,
    transport,
    maxInlineWaitMs: setup.maxInlineWaitMs,
  });
  return Object.assign(provider, { tokens, close: () => transport.close() });
}
