import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@cmss/api';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('configuration', () => {
  it('has working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databasePath: './data/cmss.db',
      publicUrl: 'http://localhost:3000',
      seedDemo: true,
    });
  });

  it.each([
    ['PORT', 'abc', /PORT: must be an integer/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
    ['SEED_DEMO', 'maybe', /SEED_DEMO: must be true or false/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL: must be an absolute URL/],
    ['HELPDESK_MAILBOX', 'helpdesk', /HELPDESK_MAILBOX: must be an e-mail address/],
    ['LOCAL_DIAL_IN', '+32 2 894 88 88', /LOCAL_DIAL_IN: must look like/],
    ['LOCAL_DIAL_IN', 'Belgium=02 894 88 88', /LOCAL_DIAL_IN: must look like/],
    ['LOCAL_DIAL_IN', 'Belgium=+32 12', /LOCAL_DIAL_IN: must look like/],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it("reads the local bridge's dial-in numbers as labelled E.164 numbers", () => {
    expect(loadConfig({}).booking.localDialIn).toEqual([]);
    expect(
      loadConfig({ LOCAL_DIAL_IN: ' Belgium toll = +32 2 894 88 88 ;; Deutschland=0049 30 12345678 ' })
        .booking.localDialIn,
    ).toEqual([
      { label: 'Belgium toll', number: '+3228948888' },
      { label: 'Deutschland', number: '+493012345678' },
    ]);
  });

  it('stops the server with a non-zero exit and the variable name on a bad value', () => {
    const result = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', 'api/src/server.ts'],
      {
        cwd: root,
        env: { ...process.env, PORT: 'eighty', DATABASE_PATH: ':memory:' },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Invalid configuration — PORT: must be an integer, got "eighty"');
  });
});
