import type { ComBValue, GoalValue, SmokingStatusValue } from '../src/domain';

/** What the resident agreed to, carried until the sign-up is stored (nothing is stored before). */
export interface ConsentGiven {
  statementVersion: string;
  textSha256: string;
  grantedAt: string; // ISO instant: dialog state is JSON
}

/** The sign-up details, filled question by question; a missing field is asked, a known one skipped. */
export interface Details {
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  postcode?: string;
  addressLine1?: string;
  ethnicityGroup?: string;
  ethnicity?: string;
  email?: string | null;
  phone?: string | null;
  /** On SMS, the number the resident is texting from, offered as their phone number. Not stored as such. */
  textingFrom?: string;
}

export interface Lifestyle {
  heightCm?: number | null;
  weightKg?: number | null;
  activeDays?: number;
  smokingStatus?: SmokingStatusValue;
  cigarettesPerDay?: number | null;
  drinksPerWeek?: number | null;
  /** At a check-in: the last answers, offered as "Same as last time". Never stored. */
  previous?: Lifestyle;
}

export interface Goals {
  goals?: GoalValue[];
  barrier?: { label: string; comB: ComBValue } | null;
}

export interface SignUpAnswers {
  consent: ConsentGiven;
  details: Details;
  lifestyle: Lifestyle;
  goals: Goals;
}

/** A dialog that ends the conversation early (under age, outside the area) returns this. */
export interface Ended {
  ended: string;
}
export function isEnded(value: unknown): value is Ended {
  return typeof value === 'object' && value !== null && 'ended' in value;
}
