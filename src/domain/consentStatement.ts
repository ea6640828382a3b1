import { createHash } from 'node:crypto';

/**
 * The service's consent statement, word for word from its sign-up page (shared/seed), with a
 * version. The SHA-256 of exactly this text is stored with each Consent, so we can always show
 * which words a resident agreed to. Change the text => change the version.
 */
export const CONSENT_STATEMENT_VERSION = '2018-01-29.1';

export const CONSENT_INTRO =
  'When you register with LiveWell Dorset, we ask you some questions about you and your health ' +
  '(how much you smoke, how active you are, how much you drink and how much you weigh). We store that ' +
  'information and use it to shape our service offer to you, such as the advice we give or the extra ' +
  'services we connect you to. The only people who will see this information will be those involved in ' +
  'the delivery of the service and management of the data. If you would like to use extra services ' +
  '(such as slimming clubs and pharmacies) we have to share this information with them. For us to be able ' +
  'to put you in touch with these services, we must have your consent to share that information with the ' +
  "service (we'll ask for that later, if you sign up for extra services).";

export const CONSENT_POINTS: readonly string[] = [
  "You're happy for your personal information to be shared with LiveWell Dorset.",
  'You understand what information may be shared and why, and that at times, our contact to you may be ' +
    'supported by technology partners, who have the same data protection standards and safeguards as we do.',
  'You acknowledge that you can withdraw your consent at any time by informing LiveWell Dorset.',
  'You understand that if you do not give consent or withdraw consent then it could be difficult for us ' +
    'to connect you to some of the services we offer.',
];

export const CONSENT_CONTACT =
  'If you need more information to help you make your choice, please contact the LiveWell Dorset team on ' +
  'freephone 0800 840 1628. All telephone conversations at LiveWell Dorset are recorded for quality and ' +
  'training purposes, and stored while you are registered as active with the service.';

export const CONSENT_QUESTION =
  'Do you consent to share your information with the LiveWell Dorset team, part of Public Health Dorset?';

/** The statement as one text, exactly as shown on every channel. */
export const CONSENT_STATEMENT_TEXT = [
  CONSENT_INTRO,
  'Before we can sign you up any further, we need to know:',
  ...CONSENT_POINTS.map((p) => `- ${p}`),
  CONSENT_CONTACT,
].join('\n\n');

export const CONSENT_STATEMENT_SHA256 = createHash('sha256')
  .update(CONSENT_STATEMENT_TEXT, 'utf8')
  .digest('hex');

export const CONSENT_DECLINED =
  "Sorry, we can't continue at the moment. We need your permission to store your personal information " +
  'to help us find the best support for you. Nothing you told us has been kept. If you change your mind, ' +
  'please come back and chat with us again, or call freephone 0800 840 1628, Monday to Friday, 9am to 6:30pm.';
