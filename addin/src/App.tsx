import { COUNTRIES } from '@cmss/shared';

export function App() {
  return (
    <main>
      <h1>CMSS helpdesk</h1>
      <p>Case conferences and webinars for the clinicians of {COUNTRIES.length} European countries.</p>
    </main>
  );
}
