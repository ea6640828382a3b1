import { ComponentDialog, WaterfallDialog } from 'botbuilder-dialogs';
import {
  ETHNIC_GROUPS,
  addressLineAnswer,
  dateOfBirthAnswer,
  ethnicGroupAnswer,
  ethnicityAnswer,
  firstNameAnswer,
  lastNameAnswer,
  londonDate,
  optionalEmailAnswer,
  optionalUkPhoneAnswer,
  parseAnswer,
  postcodeAnswer,
  ukPhoneNumber,
} from '../src/domain';
import type { Clock } from '../src/domain/clock';
import { AnswerPrompt, type AnswerParser } from './answerPrompt';
import type { Details } from './answers';
import { fieldSteps, type FieldQuestion } from './fieldWaterfall';
import { CALL_US, normaliseCommand, question } from './questions';

export const SIGN_UP_DIALOG = 'signUpDialog';
const WATERFALL = 'signUpDialog.waterfall';
const P = {
  firstName: 'signUp.firstName',
  lastName: 'signUp.lastName',
  dateOfBirth: 'signUp.dateOfBirth',
  postcode: 'signUp.postcode',
  addressLine1: 'signUp.addressLine1',
  ethnicityGroup: 'signUp.ethnicityGroup',
  ethnicity: 'signUp.ethnicity',
  email: 'signUp.email',
  phone: 'signUp.phone',
} as const;

export interface SignUpSettings {
  minimumAge: number;
  serviceAreas: readonly string[];
}

const USE_THIS_NUMBER = { label: 'Use this number' } as const;
const THIS_NUMBER_WORDS = [
  'use this number',
  'this number',
  'this one',
  'this phone',
  'same number',
  'use this one',
];

const groupOf = (id: string | undefined) => ETHNIC_GROUPS.find((g) => g.id === id);

/** The questions, in order. Each is skipped when its answer is already known. */
const QUESTIONS: readonly FieldQuestion<Details>[] = [
  { field: 'firstName', promptId: P.firstName, ask: () => question('What is your first name?') },
  { field: 'lastName', promptId: P.lastName, ask: () => question('And your last name?') },
  {
    field: 'dateOfBirth',
    promptId: P.dateOfBirth,
    ask: () => question('What is your date of birth? For example, 12/03/1980 or 12 March 1980.'),
  },
  {
    field: 'postcode',
    promptId: P.postcode,
    ask: () => question('What is your postcode? For example, BH1 1AA.'),
  },
  {
    field: 'addressLine1',
    promptId: P.addressLine1,
    ask: () => question('What is the first line of your address? For example, 12 High Street.'),
  },
  {
    field: 'ethnicityGroup',
    promptId: P.ethnicityGroup,
    ask: () =>
      question(
        'We ask about ethnic group to check our service reaches everyone fairly. Which of these best describes you?',
        ETHNIC_GROUPS,
      ),
  },
  // Skipped when the group has no categories to choose from ("Prefer not to say").
  {
    field: 'ethnicity',
    promptId: P.ethnicity,
    skipWith: (d) => (groupOf(d.ethnicityGroup)?.categories.length ? undefined : { value: d.ethnicityGroup }),
    given: (d) => ({ group: d.ethnicityGroup }),
    ask: (d) =>
      question('Which of these best describes your background?', groupOf(d.ethnicityGroup)?.categories),
  },
  {
    field: 'email',
    promptId: P.email,
    ask: () =>
      question(
        'What is your email address? For example, sam@example.com. If you would rather not give one, type skip.',
      ),
  },
  // Optional when we have an email; required when we do not.
  {
    field: 'phone',
    promptId: P.phone,
    given: (d) => ({ hasEmail: Boolean(d.email), textingFrom: d.textingFrom }),
    ask: (d) => {
      const use = d.textingFrom ? [USE_THIS_NUMBER] : undefined;
      return d.email
        ? question(
            'What is your phone number? For example, 07700 900123. If you would rather not give one, type skip.',
            use,
          )
        : question(
            'We need a way to contact you. What is your phone number? For example, 07700 900123.',
            use,
          );
    },
  },
];

/** Asks the sign-up details (name to contact), each checked by its zod schema. Returns Details. */
export class SignUpDialog extends ComponentDialog {
  constructor(clock: Clock, settings: SignUpSettings) {
    super(SIGN_UP_DIALOG);
    const prompt = <T>(id: string, parse: AnswerParser<T>, help: string, stop?: string[]) =>
      this.addDialog(new AnswerPrompt<T>(id, parse, help, stop));
    prompt(
      P.firstName,
      (t) => parseAnswer(firstNameAnswer, t),
      'We use your first name when we talk to you.',
    );
    prompt(
      P.lastName,
      (t) => parseAnswer(lastNameAnswer, t),
      'We need your last name to find your record if you call us.',
    );
    prompt(
      P.dateOfBirth,
      (t) =>
        parseAnswer(
          dateOfBirthAnswer({ today: londonDate(clock.now()), minimumAge: settings.minimumAge }),
          t,
        ),
      `We ask your date of birth because our service is for adults aged ${settings.minimumAge} and over. Type it as day, month and year, like 12/03/1980.`,
      ['under_minimum_age'],
    );
    // Outside the area is asked again rather than ended: most often it is a typo, and a resident
    // who really lives elsewhere is given the number to talk to us.
    const postcode = postcodeAnswer({ serviceAreas: settings.serviceAreas });
    prompt(
      P.postcode,
      (t) => {
        const result = parseAnswer(postcode, t);
        return !result.ok && result.reason === 'outside_service_area'
          ? { ...result, message: `${result.message} ${CALL_US}` }
          : result;
      },
      'We support people who live in Bournemouth, Poole and Dorset, so we check your postcode. Type it like BH1 1AA.',
    );
    prompt(
      P.addressLine1,
      (t) => parseAnswer(addressLineAnswer, t),
      'The first line of your address is usually your house number and street, like 12 High Street.',
    );
    prompt(
      P.ethnicityGroup,
      (t) => parseAnswer(ethnicGroupAnswer(), t),
      'We ask about ethnic group only to check that our service reaches everyone fairly. You can choose "Prefer not to say".',
    );
    prompt(
      P.ethnicity,
      (t, given) => parseAnswer(ethnicityAnswer(String(given.group)), t),
      'Choose the option that best describes your background, or type its number.',
    );
    prompt(
      P.email,
      (t) => parseAnswer(optionalEmailAnswer, t),
      'We use your email only to contact you about your support. Type skip if you would rather not give one.',
    );
    prompt<string | null>(
      P.phone,
      (t, given) => {
        if (typeof given.textingFrom === 'string' && THIS_NUMBER_WORDS.includes(normaliseCommand(t))) {
          return { ok: true, value: given.textingFrom };
        }
        return given.hasEmail ? parseAnswer(optionalUkPhoneAnswer, t) : parseAnswer(ukPhoneNumber, t);
      },
      'We use your phone number only to contact you about your support, like 07700 900123.',
    );
    this.addDialog(new WaterfallDialog(WATERFALL, fieldSteps(QUESTIONS)));
    this.initialDialogId = WATERFALL;
  }
}
