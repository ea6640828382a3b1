// The service's own rules and words, free of I/O: every answer a resident types is read here.
export { parseAnswer, MAX_ANSWER_LENGTH, type AnswerResult } from './answer';
export { matchChoice, parseYesNo, type ChoiceOption } from './choices';
export {
  firstNameAnswer,
  lastNameAnswer,
  dateOfBirthAnswer,
  postcodeAnswer,
  addressLineAnswer,
  optionalEmailAnswer,
  optionalUkPhoneAnswer,
  ukPhoneNumber,
} from './person';
export {
  ETHNIC_GROUPS,
  PREFER_NOT_TO_SAY,
  ethnicGroupAnswer,
  ethnicityAnswer,
  type EthnicCategory,
  type EthnicGroup,
} from './ethnicity';
export {
  heightAnswer,
  weightAnswer,
  bmi,
  bmiCategory,
  describeBmi,
  isPlausibleBmi,
  kgToStonesAndPounds,
  cmToFeetAndInches,
  activeDaysAnswer,
  SMOKING_OPTIONS,
  smokingStatusAnswer,
  cigarettesPerDayAnswer,
  drinksPerWeekAnswer,
  estimateUnits,
  describeUnits,
  type BmiCategory,
  type SmokingStatusValue,
} from './measures';
export {
  GOAL_OPTIONS,
  goalsAnswer,
  BARRIER_OPTIONS,
  barrierAnswer,
  type GoalValue,
  type ComBValue,
  type BarrierOption,
} from './goals';
export { SERVICE_TIME_ZONE, londonDate, checkInDueDates, ageOn, type CheckInWaveValue } from './dates';
export { SERVICE } from './service';
