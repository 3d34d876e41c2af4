import type { Config } from '../config.js';
import { PRIVACY_NOTICE_VERSION } from './privacy-notice.js';

/**
 * The record of processing (article 31 of Regulation (EU) 2018/1725), derived from the running
 * configuration so that it names the processors actually in use (Webex, Microsoft 365, SMTP).
 */
export function recordOfProcessing(config: Config) {
  const dp = config.dataProtection;
  const booking = config.booking;
  const recipients = [
    {
      name: 'Helpdesk staff and administrators of the network',
      role: 'internal',
      purpose: 'organising conferences, maintaining the directory',
    },
    {
      name: 'Invited clinicians',
      role: 'recipient',
      purpose: 'invitation: organiser, participants, join details',
    },
  ];
  if (booking.meetingProvider === 'webex') {
    recipients.push({
      name: 'Cisco Webex (Webex Meetings REST API)',
      role: 'processor',
      purpose:
        'hosting the video meetings; receives meeting title and times, no participant list is e-mailed by Webex',
    });
  }
  if (booking.calendarProvider === 'graph') {
    recipients.push({
      name: 'Microsoft 365 (Microsoft Graph, Exchange Online)',
      role: 'processor',
      purpose: 'calendar events in the helpdesk mailbox; Exchange sends the invitations',
    });
  }
  if (booking.calendarProvider === 'ics' && booking.smtpUrl) {
    recipients.push({
      name: `SMTP relay ${new URL(booking.smtpUrl).hostname}`,
      role: 'processor',
      purpose: 'delivering invitation e-mails',
    });
  }
  if (config.identity.entra) {
    recipients.push({
      name: 'Microsoft Entra ID',
      role: 'processor',
      purpose: 'sign-in of staff and clinicians',
    });
  }
  return {
    name: 'CMSS — conferencing helpdesk of the clinician network',
    legalFramework: 'Regulation (EU) 2018/1725',
    controller: { name: dp.controllerName, email: dp.controllerEmail },
    dataProtectionOfficer: { email: dp.dpoEmail },
    purposes: [
      'Directory of appointed clinicians of the network, distributed to its members',
      'Organising case conferences and webinars requested by clinicians (requests, bookings, invitations)',
      'Accountability: audit trail of access to and changes of personal data',
    ],
    dataSubjects: ['Appointed clinicians and case managers', 'Helpdesk staff and administrators'],
    dataCategories: [
      'Identification and contact: name, title, professional e-mail, professional phone',
      'Professional: hospital, country, role, specialties, languages, networks, contact-person flag',
      'Activity: conference requests made, invitations, bookings taken part in',
      'Access records: who read or changed which record, when, from which address',
    ],
    excludedData:
      'No data identifying patients: free text is checked for names, dates of birth, addresses, identification numbers, record numbers and contact details before storage or sending.',
    recipients,
    transfersOutsideEea:
      booking.meetingProvider === 'webex' || booking.calendarProvider === 'graph'
        ? 'Possible through the processors listed, under their data processing agreements'
        : 'None: the embedded meeting and invitation providers run inside this service',
    retention: {
      closedRequestsAndBookings: `${dp.retentionMonths} months after closing (held, cancelled or rejected)`,
      invitationFiles: `${dp.outboxRetentionDays} days after sending`,
      importedSpreadsheets: `${dp.importRetentionDays} days after upload (the stored dry run, committed or not)`,
      directory: 'while the clinician is appointed; erased on request',
      auditTrail: 'kept; pseudonymised when the person is erased',
    },
    securityMeasures: [
      'Role-based access (admin, helpdesk, clinician); every route declares who may call it',
      'Authentication via Entra ID or hashed API keys',
      'Append-only audit trail enforced by the database',
      'Patient-identifier guard on request and invitation text',
    ],
    privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
  };
}
