/** The shared classification: Retry-After in both forms, and which failures are which kind. */
import { describe, expect, it } from 'vitest';
import {
  classifyHttpFailure,
  classifyTransportError,
  parseRetryAfter,
} from '../../api/src/providers/http/errors.js';
import { TransportError } from '../../api/src/providers/http/transport.js';

describe('Retry-After', () => {
  const now = Date.parse('2026-11-21T10:00:00Z');
  it('reads delta-seconds and HTTP dates, ignores garbage', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('999999999', now)).toBe(86_400_000);
  });
});

describe('classification', () => {
  it.each([
    [429, 'retryable'],
    [503, 'retryable'],
    [504, 'retryable'],
    [401, 'needs_reconnect'],
    [400, 'permanent'],
    [403, 'permanent'],
    [404, 'permanent'],
    [409, 'permanent'],
  ] as const)('HTTP %i is %s', (status, kind) => {
    const err = classifyHttpFailure('webex', { status, message: 'Provider says why', trackingId: 'T-1' });
    expect(err.kind).toBe(kind);
    expect(err.message).toContain('Provider says why');
    expect(err.details).toMatchObject({ status, trackingId: 'T-1' });
  });

  it('invalid_grant is needs_reconnect whatever the status', () => {
    expect(
      classifyHttpFailure('webex', { status: 400, message: 'spent', oauthError: 'invalid_grant' }).kind,
    ).toBe('needs_reconnect');
  });

  it('network failures are retryable, TLS failures are a configuration problem', () => {
    expect(classifyTransportError('graph', new TransportError('timeout', 'slow')).kind).toBe('retryable');
    expect(classifyTransportError('graph', new TransportError('reset', 'ECONNRESET')).kind).toBe('retryable');
    expect(classifyTransportError('graph', new TransportError('tls', 'self-signed')).kind).toBe('permanent');
  });
});
