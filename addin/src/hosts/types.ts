/**
 * The one seam between the add-in and where it runs. Views receive a Host and never touch Office,
 * Teams or the DOM's location: everything host-specific lives in hosts/outlook, hosts/teams, hosts/browser.
 */
export type HostName = 'outlook' | 'teams' | 'browser';

/** What the host shows the user: an e-mail being read, an appointment being organised, or a plain page. */
export type Surface = 'message-read' | 'appointment-organizer' | 'tab' | 'page';

export interface MailboxAddress {
  email: string;
  name?: string;
}

/** The e-mail open in the reading pane, as far as the views need it. */
export interface MailMessage {
  subject: string;
  from: MailboxAddress | null;
  to: MailboxAddress[];
  cc: MailboxAddress[];
  /** RFC 5322 Message-ID: the key that makes "create request" idempotent per e-mail. */
  internetMessageId: string | null;
  receivedAt: string | null;
  body: string;
}

/** What "fill appointment" writes into the appointment the organizer is composing. */
export interface AppointmentFill {
  subject: string;
  attendees: MailboxAddress[];
  location: string;
  start: Date;
  end: Date;
  /** Simple HTML (paragraphs, links, bold): Outlook rewrites anything fancier. */
  bodyHtml: string;
}

/** Entra ID settings the API publishes at /api/v1/auth/settings when a tenant is configured. */
export interface EntraSettings {
  tenantId: string;
  clientId: string;
  authority: string;
  scopes: string[];
}

export interface Host {
  readonly name: HostName;
  readonly surface: Surface;
  /** The e-mail open in Outlook's reading pane; null elsewhere. */
  currentMessage(): Promise<MailMessage | null>;
  /** Whether fillAppointment can work here (Outlook's appointment organizer surface only). */
  readonly canFillAppointment: boolean;
  fillAppointment(fill: AppointmentFill): Promise<void>;
  /** An Entra ID access token for the API (nested app authentication first, the host's fallback next). */
  entraToken(entra: EntraSettings): Promise<string>;
}
