import { useCallback, useEffect, useMemo, useState } from 'react';
import { type AuthSettings, createApi, type LocalSession, type LocalUser, type Me } from '../api/client.js';
import type { Host } from '../hosts/types.js';

const KEY = 'cmss.session';

interface Stored {
  token: string;
  expiresAt: string;
}

function readStored(): Stored | null {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Stored | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() + 30_000 ? s : null;
  } catch {
    return null;
  }
}

/**
 * Started when the module loads, before React renders: how to sign in, and (without a stored session)
 * the demo users of the local sign-in, so the first screen needs no further round trip.
 */
let prefetched: { settings: Promise<AuthSettings | null>; users: Promise<LocalUser[] | null> } | null = null;
export function prefetchAuth() {
  if (!prefetched) {
    const anonymous = createApi(async () => null);
    const settings = anonymous.authSettings().catch(() => null);
    const users = readStored()
      ? Promise.resolve(null)
      : settings.then((s) =>
          s?.mode === 'local'
            ? anonymous
                .localUsers()
                .then((r) => r.items)
                .catch(() => null)
            : null,
        );
    prefetched = { settings, users };
  }
  return prefetched;
}

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; settings: AuthSettings | null; error?: string }
  | { status: 'signed-in'; me: Me };

/**
 * Who is using the add-in. With Entra ID configured (the API says so at /auth/settings) the host gets a
 * token by nested app authentication, with its documented fallback; with the embedded default the user
 * picks a demo user of the local sign-in; an API key can always be pasted (automation, no identity).
 */
export function useSession(host: Host) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [settings, setSettings] = useState<AuthSettings | null>(null);
  const [stored, setStored] = useState<Stored | null>(readStored);

  const token = useCallback(async () => {
    if (settings?.mode === 'entra' && settings.entra) return host.entraToken(settings.entra);
    return stored?.token ?? readStored()?.token ?? null;
  }, [host, settings, stored]);

  const api = useMemo(() => createApi(token), [token]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const s = await prefetchAuth().settings;
      if (cancelled) return;
      setSettings(s);
      const hasCredential = (s?.mode === 'entra' && s.entra) || readStored();
      if (!hasCredential) {
        setState({ status: 'signed-out', settings: s });
        return;
      }
      try {
        const probe = createApi(async () =>
          s?.mode === 'entra' && s.entra ? host.entraToken(s.entra) : (readStored()?.token ?? null),
        );
        const me = await probe.me();
        if (!cancelled) setState({ status: 'signed-in', me });
      } catch (error) {
        if (!cancelled)
          setState({
            status: 'signed-out',
            settings: s,
            error: (error as Error).message ?? 'Sign-in failed',
          });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [host]);

  const adopt = useCallback(async (session: Stored) => {
    sessionStorage.setItem(KEY, JSON.stringify(session));
    setStored(session);
    const me = await createApi(async () => session.token).me();
    setState({ status: 'signed-in', me });
  }, []);

  const signInLocal = useCallback(
    async (userId: string) => {
      const session: LocalSession = await createApi(async () => null).localSignIn(userId);
      await adopt({ token: session.accessToken, expiresAt: session.expiresAt });
    },
    [adopt],
  );

  const signInWithKey = useCallback(
    (key: string) => adopt({ token: key, expiresAt: new Date(Date.now() + 8 * 3600_000).toISOString() }),
    [adopt],
  );

  /** Entra ID: the host acquires the token (NAA, then its fallback); a popup may appear on first use. */
  const signInEntra = useCallback(async () => {
    const me = await api.me();
    setState({ status: 'signed-in', me });
  }, [api]);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(KEY);
    setStored(null);
    setState({ status: 'signed-out', settings });
  }, [settings]);

  return { state, settings, api, signInLocal, signInWithKey, signInEntra, signOut };
}
