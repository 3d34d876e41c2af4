import { Button, Field, Input, Select, Spinner, Text } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { type AuthSettings, createApi, type LocalUser } from '../api/client.js';
import { prefetchAuth } from '../auth/session.js';
import { useViewStyles } from '../styles.js';
import { ErrorBar } from './ErrorBar.js';

/**
 * Sign-in screen. Entra ID: one button (the host brokers the token). Embedded default: pick a demo user
 * of the local sign-in (offered by the API on loopback only). An API key can be pasted in every mode.
 */
export function SignIn({
  settings,
  initialError,
  onLocal,
  onKey,
  onEntra,
}: {
  settings: AuthSettings | null;
  initialError?: string;
  onLocal: (userId: string) => Promise<void>;
  onKey: (key: string) => Promise<void>;
  onEntra: () => Promise<void>;
}) {
  const s = useViewStyles();
  const [users, setUsers] = useState<LocalUser[] | null>(null);
  const [userId, setUserId] = useState('helpdesk');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(initialError ? new Error(initialError) : null);

  useEffect(() => {
    if (settings?.mode !== 'local') return;
    const show = (items: LocalUser[]) => {
      setUsers(items);
      setUserId(items.find((u) => u.role === 'helpdesk')?.id ?? items[0]?.id ?? '');
    };
    prefetchAuth()
      .users.then(
        (items) =>
          items ??
          createApi(async () => null)
            .localUsers()
            .then((r) => r.items),
      )
      .then(show)
      .catch(setError);
  }, [settings]);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={s.view} aria-labelledby="sign-in-title">
      <h2 id="sign-in-title" className={s.h2}>
        Sign in
      </h2>
      {settings?.mode === 'entra' && (
        <div className={s.section}>
          <Text>Sign in with your organisation's Microsoft account.</Text>
          <div className={s.actions}>
            <Button appearance="primary" disabled={busy} onClick={() => run(onEntra)}>
              Sign in with Microsoft
            </Button>
          </div>
        </div>
      )}
      {settings?.mode === 'local' && (
        <form
          className={s.section}
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => onLocal(userId));
          }}
        >
          <Text size={200} className={s.muted}>
            Demo sign-in: this server runs on this computer without an identity provider.
          </Text>
          {users === null ? (
            <Spinner size="tiny" label="Loading demo users…" />
          ) : (
            <Field label="Sign in as">
              <Select value={userId} onChange={(_, d) => setUserId(d.value)}>
                {users.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName} — {u.role}
                    {u.detail ? `, ${u.detail}` : ''}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <div className={s.actions}>
            <Button appearance="primary" type="submit" disabled={busy || !userId}>
              Sign in
            </Button>
          </div>
        </form>
      )}
      <form
        className={s.section}
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => onKey(key.trim()));
        }}
      >
        <Field label="API key" hint="For automation and servers without sign-in.">
          <Input type="password" value={key} onChange={(_, d) => setKey(d.value)} autoComplete="off" />
        </Field>
        <div className={s.actions}>
          <Button type="submit" disabled={busy || key.trim().length < 8}>
            Use API key
          </Button>
        </div>
      </form>
      <ErrorBar error={error} title="Sign-in failed" />
    </section>
  );
}
