import type { DataProtectionConfig } from './config.js';

/**
 * The privacy notice clinicians acknowledge (Regulation (EU) 2018/1725, arts. 15–16). A new text gets a
 * new version and publication date: acknowledgements older than `publishedAt` are for an older text.
 * (2026-11-22: the retention of imported spreadsheets was added.)
 */
export const PRIVACY_NOTICE_VERSION = '2026-11-22';
export const PRIVACY_NOTICE_PUBLISHED_AT = '2026-11-22T00:00:00.000Z';

export function privacyNotice(config: DataProtectionConfig, retentionMonths: number) {
  return {
    version: PRIVACY_NOTICE_VERSION,
    publishedAt: PRIVACY_NOTICE_PUBLISHED_AT,
    title: 'Privacy notice — CMSS conferencing helpdesk',
    controller: { name: config.controllerName, email: config.controllerEmail },
    dataProtectionOfficer: { email: config.dpoEmail },
    sections: [
      {
        heading: 'What we process and why',
        text:
          'Your name, title, role, hospital, professional e-mail address, professional phone number, specialties, ' +
          'languages and networks, so that colleagues can find you in the directory and the helpdesk can organise ' +
          'case conferences and webinars you request or are invited to. We also record who accessed or changed ' +
          'personal data (the audit trail).',
      },
      {
        heading: 'Patients',
        text:
          'Requests and invitations must never identify a patient: no names, exact dates of birth, addresses or ' +
          'identification numbers — only the clinical information needed for the discussion. The system checks ' +
          'free text for such identifiers and refuses it. Conferences are never recorded.',
      },
      {
        heading: 'Legal basis',
        text:
          'Processing is necessary for the performance of a task carried out in the public interest (article 5(1)(a) ' +
          'of Regulation (EU) 2018/1725).',
      },
      {
        heading: 'Recipients',
        text:
          'Helpdesk staff and administrators; the clinicians invited to a conference (they see your name and ' +
          'e-mail in the invitation); the meeting and calendar services used to run conferences.',
      },
      {
        heading: 'Retention',
        text:
          `Closed requests and their bookings are deleted ${retentionMonths} months after they close. The copy ` +
          `of a directory spreadsheet sent in by your national contact point is deleted ` +
          `${config.importRetentionDays} days after it was uploaded. Your directory entry is kept while you are an ` +
          'appointed clinician.',
      },
      {
        heading: 'Your rights',
        text:
          'You may obtain a copy of your data, have it corrected, and have it erased; write to the controller or ' +
          'the data protection officer. You may lodge a complaint with the European Data Protection Supervisor.',
      },
    ],
  };
}
