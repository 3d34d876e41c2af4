import type { ConferenceRequest } from '@cmss/shared';
import { Button, Spinner, Text } from '@fluentui/react-components';
import { useCallback, useEffect, useState } from 'react';
import type { Api } from '../api/client.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { OPEN_STATUSES } from '../draft.js';
import { age } from '../format.js';
import { useViewStyles } from '../styles.js';
import { StatusBadge } from './BookView.js';

/** Open requests, oldest first, with their status and how long they have waited. */
export default function QueueView({ api, onOpen }: { api: Api; onOpen: (id: number) => void }) {
  const s = useViewStyles();
  const [items, setItems] = useState<ConferenceRequest[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      const r = await api.listRequests([...OPEN_STATUSES]);
      const open = r.items.filter((x) => (OPEN_STATUSES as readonly string[]).includes(x.status));
      setItems(open.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
    } catch (e) {
      setError(e);
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section className={s.view} aria-labelledby="queue-title">
      <div className={s.row} style={{ justifyContent: 'space-between', alignItems: 'center' }}>
        <h2 id="queue-title" className={s.h2}>
          Open requests
        </h2>
        <Button size="small" onClick={() => void load()}>
          Refresh
        </Button>
      </div>
      <ErrorBar error={error} title="The queue could not be loaded" />
      {items === null && !error && <Spinner size="small" label="Loading…" />}
      {items?.length === 0 && (
        <Text size={200} className={s.muted}>
          No open requests. New ones appear here when clinicians write to the helpdesk.
        </Text>
      )}
      {items && items.length > 0 && (
        <ul className={s.list} aria-label="Open requests">
          {items.map((r) => (
            <li key={r.id}>
              <Button
                appearance="subtle"
                onClick={() => onOpen(r.id)}
                style={{ width: '100%', justifyContent: 'flex-start', textAlign: 'left', padding: '8px' }}
              >
                <span style={{ display: 'flex', flexDirection: 'column', gap: 2, width: '100%' }}>
                  <span style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
                    <StatusBadge status={r.status} />
                    <Text weight="semibold" truncate wrap={false}>
                      #{r.id} {r.topic}
                    </Text>
                  </span>
                  <Text size={200} className={s.muted}>
                    {r.kind === 'webinar' ? 'Webinar' : 'Meeting'} · {r.invitees.length} invitees · waiting{' '}
                    {age(r.createdAt)}
                  </Text>
                </span>
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
