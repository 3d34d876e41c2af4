import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { ApiError } from '../api/client.js';

/** An API or host failure in words staff can act on; the request id helps the administrators. */
export function ErrorBar({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const id = error instanceof ApiError && error.requestId ? ` (reference ${error.requestId})` : '';
  return (
    <MessageBar layout="multiline" intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {id}
      </MessageBarBody>
    </MessageBar>
  );
}
