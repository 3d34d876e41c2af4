import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { selectHost } from './hosts/select.js';
import type { Host } from './hosts/types.js';

const root = createRoot(document.getElementById('root')!);

selectHost()
  .catch(async (error: unknown) => {
    console.error('host selection failed, continuing as a browser page', error);
    const { createBrowserHost } = await import('./hosts/browser.js');
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
