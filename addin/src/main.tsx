import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { prefetchAuth } from './auth/session.js';
import { createBrowserHost } from './hosts/browser.js';
import { selectHost } from './hosts/select.js';
import type { Host } from './hosts/types.js';

// Ask the API how to sign in while the host is being chosen.
prefetchAuth();
const root = createRoot(document.getElementById('root')!);

selectHost()
  .catch((error: unknown) => {
    console.error('host selection failed, continuing as a browser page', error);
    return createBrowserHost();
  })
  .then((host: Host) => {
    document.documentElement.dataset.host = host.name;
    root.render(
      <StrictMode>
        <App host={host} />
      </StrictMode>,
    );
  });
