import type { ConferenceRequest } from '@cmss/shared';
import {
  Button,
  FluentProvider,
  makeStyles,
  Spinner,
  Tab,
  TabList,
  Text,
  tokens,
  webLightTheme,
} from '@fluentui/react-components';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useSession } from './auth/session.js';
import { SignIn } from './components/SignIn.js';
import type { Draft, DraftInvitee } from './draft.js';
import type { Host } from './hosts/types.js';
import { browserZone } from './zone.js';

const QueueView = lazy(() => import('./views/QueueView.js'));
const DirectoryView = lazy(() => import('./views/DirectoryView.js'));
const NewRequestView = lazy(() => import('./views/NewRequestView.js'));
const EmailView = lazy(() => import('./views/EmailView.js'));
const BookView = lazy(() => import('./views/BookView.js'));
const AppointmentView = lazy(() => import('./views/AppointmentView.js'));

export type View = 'queue' | 'directory' | 'new' | 'email' | 'book' | 'appointment';

const useStyles = makeStyles({
  root: { minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  who: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minWidth: 0 },
  whoText: {
    color: tokens.colorNeutralForegroundOnBrand,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
  nav: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    overflowX: 'auto',
  },
  main: { display: 'block' },
});

function defaultView(host: Host): View {
  if (host.surface === 'message-read') return 'email';
  if (host.surface === 'appointment-organizer') return 'appointment';
  return 'queue';
}

const emptyDraft = (invitees: DraftInvitee[], source: Draft['source']): Draft => ({
  requester: null,
  kind: 'conference',
  topic: '',
  notes: '',
  invitees,
  windows: [],
  durationMinutes: 60,
  timeZone: browserZone(),
  source,
});

/** The shell: sign-in, navigation between the views, and the little state they share. */
export function App({ host }: { host: Host }) {
  const s = useStyles();
  const session = useSession(host);
  const [view, setView] = useState<View>(() => defaultView(host));
  const [picked, setPicked] = useState<DraftInvitee[]>([]);
  const [requestId, setRequestId] = useState<number | null>(null);
  const [draftSeq, setDraftSeq] = useState(0);
  const zone = useMemo(() => browserZone(), []);
  const source: Draft['source'] =
    host.name === 'teams' ? 'teams' : host.name === 'outlook' ? 'outlook' : 'api';
  const readMessage = useCallback(() => host.currentMessage(), [host]);
  const fill = useCallback((f: Parameters<Host['fillAppointment']>[0]) => host.fillAppointment(f), [host]);

  const open = (id: number) => {
    setRequestId(id);
    setView('book');
  };
  const created = (r: ConferenceRequest) => {
    setPicked([]);
    open(r.id);
  };

  const tabs: { value: View; label: string }[] = [
    { value: 'queue', label: 'Queue' },
    { value: 'directory', label: 'Directory' },
    ...(view === 'new' ? [{ value: 'new' as const, label: 'New request' }] : []),
    { value: 'email', label: 'E-mail' },
    ...(requestId !== null ? [{ value: 'book' as const, label: `Book #${requestId}` }] : []),
    { value: 'appointment', label: 'Appointment' },
  ];

  const state = session.state;
  return (
    <FluentProvider theme={webLightTheme} className={s.root}>
      <header className={s.header}>
        <h1 className={s.title}>CMSS helpdesk</h1>
        {state.status === 'signed-in' && (
          <div className={s.who}>
            <Text size={200} className={s.whoText} data-testid="signed-in-as">
              {state.me.displayName} · {state.me.role}
            </Text>
            <Button size="small" appearance="primary" onClick={session.signOut}>
              Sign out
            </Button>
          </div>
        )}
      </header>
      {state.status === 'loading' && <Spinner label="Starting…" style={{ marginTop: 48 }} />}
      {state.status === 'signed-out' && (
        <main className={s.main}>
          <SignIn
            settings={state.settings}
            {...(state.error ? { initialError: state.error } : {})}
            onLocal={session.signInLocal}
            onKey={session.signInWithKey}
            onEntra={session.signInEntra}
          />
        </main>
      )}
      {state.status === 'signed-in' && (
        <>
          <nav className={s.nav} aria-label="Views">
            <TabList size="small" selectedValue={view} onTabSelect={(_, d) => setView(d.value as View)}>
              {tabs.map((t) => (
                <Tab key={t.value} value={t.value}>
                  {t.label}
                </Tab>
              ))}
            </TabList>
          </nav>
          <main className={s.main} data-view={view}>
            <Suspense fallback={<Spinner size="small" label="Loading…" style={{ marginTop: 24 }} />}>
              {view === 'queue' && <QueueView api={session.api} onOpen={open} />}
              {view === 'directory' && (
                <DirectoryView
                  api={session.api}
                  picked={picked}
                  onChange={setPicked}
                  onCreateRequest={() => {
                    setDraftSeq((n) => n + 1);
                    setView('new');
                  }}
                />
              )}
              {view === 'new' && (
                <NewRequestView
                  key={draftSeq}
                  api={session.api}
                  initial={emptyDraft(picked, source)}
                  onCreated={created}
                />
              )}
              {view === 'email' && (
                <EmailView
                  api={session.api}
                  readMessage={readMessage}
                  source={source}
                  onCreated={created}
                  onOpen={open}
                />
              )}
              {view === 'book' && requestId !== null && (
                <BookView api={session.api} requestId={requestId} viewerZone={zone} />
              )}
              {view === 'appointment' && (
                <AppointmentView
                  api={session.api}
                  canFill={host.canFillAppointment}
                  fill={fill}
                  requestId={requestId}
                  viewerZone={zone}
                />
              )}
            </Suspense>
          </main>
        </>
      )}
    </FluentProvider>
  );
}
