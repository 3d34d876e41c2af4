import type { ConferenceRequest } from '@cmss/shared';
import type { Api } from '../api/client.js';
import { RequestForm } from '../components/RequestForm.js';
import type { Draft } from '../draft.js';
import { useViewStyles } from '../styles.js';

/** A request typed by staff (or a clinician) from directory picks. */
export default function NewRequestView({
  api,
  initial,
  onCreated,
}: {
  api: Api;
  initial: Draft;
  onCreated: (request: ConferenceRequest) => void;
}) {
  const s = useViewStyles();
  return (
    <section className={s.view} aria-labelledby="new-request-title">
      <h2 id="new-request-title" className={s.h2}>
        New request
      </h2>
      <RequestForm api={api} initial={initial} onCreated={onCreated} />
    </section>
  );
}
