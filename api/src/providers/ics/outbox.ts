import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProviderError } from '@cmss/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { InvitationMessage } from './mime-message.js';

export const ICS_PROVIDER = 'ics';

/**
 * Where invitations go: every message is kept as an .eml file in the outbox folder (the record of
 * what was sent, and the whole delivery when no SMTP server is configured) and, with SMTP_URL, sent.
 *
 * The file is written only after SMTP accepted the message, so an existing file means "delivered":
 * a saga step replayed after a crash finds it and does not send the invitation a second time.
 */
export interface Outbox {
  deliver(message: InvitationMessage): Promise<{ file: string; sent: boolean; duplicate: boolean }>;
  close(): void;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** SMTP failures, classified for the saga: 4xx replies and network trouble are worth retrying. */
export function classifySmtpError(error: unknown): ProviderError {
  const e = error as { code?: string; responseCode?: number; message?: string };
  const message = `SMTP delivery failed: ${e.message ?? String(error)}`;
  if (e.code === 'EAUTH') return new ProviderError('needs_reconnect', ICS_PROVIDER, message);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return new ProviderError('permanent', ICS_PROVIDER, message, { status: e.responseCode });
  }
  return new ProviderError('retryable', ICS_PROVIDER, message, { status: e.responseCode });
}

export function createOutbox(options: { dir: string; smtpUrl?: string | undefined }): Outbox {
  let transport: Transporter | undefined;
  const smtp = () => {
    transport ??= nodemailer.createTransport(options.smtpUrl);
    return transport;
  };

  return {
    async deliver(message) {
      const file = join(options.dir, `${message.key}.eml`);
      if (await exists(file)) return { file, sent: false, duplicate: true };
      await mkdir(options.dir, { recursive: true });
      let sent = false;
      if (options.smtpUrl) {
        try {
          await smtp().sendMail({
            envelope: { from: message.from, to: message.recipients },
            raw: message.raw,
          });
          sent = true;
        } catch (error) {
          throw classifySmtpError(error);
        }
      }
      // Write-then-rename: a reader (or a resumed step) never sees half a message.
      const partial = `${file}.partial`;
      await writeFile(partial, message.raw);
      await rename(partial, file);
      return { file, sent, duplicate: false };
    },
    close() {
      transport?.close();
    },
  };
}
