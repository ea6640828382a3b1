import { bmi as computeBmi, estimateUnits, kgToStonesAndPounds } from './measures';
import type { SmokingStatusValue } from './measures';
import { plural } from './text';

/** The measures of one assessment, as stored (null: the resident preferred not to say). */
export interface Measures {
  heightCm: number | null;
  weightKg: number | null;
  activeDays: number | null;
  smokingStatus: SmokingStatusValue;
  cigarettesPerDay: number | null;
  drinksPerWeek: number | null;
}

/**
 * What changed since sign-up, in encouraging plain words, one sentence per measure (NHS style:
 * numbers rounded the way a person says them). Measures either side did not give are left out.
 */
export function describeProgress(baseline: Measures, now: Measures): string[] {
  const lines: string[] = [];

  if (baseline.weightKg != null && now.weightKg != null) {
    const change = Math.round((now.weightKg - baseline.weightKg) * 10) / 10;
    const size = Math.abs(change);
    if (size < 0.5) {
      lines.push('Your weight is about the same as when you joined.');
    } else if (change < 0) {
      lines.push(
        `You've lost ${size}kg (${kgToStonesAndPounds(size)}) since you joined. Well done, that's real progress.`,
      );
    } else {
      lines.push(
        `Your weight has gone up by ${size}kg (${kgToStonesAndPounds(size)}) since you joined. Changes take time, and we can help.`,
      );
    }
    const height = now.heightCm ?? baseline.heightCm;
    if (height != null && size >= 0.5) {
      lines.push(
        `Your BMI has gone from ${computeBmi(height, baseline.weightKg)} to ${computeBmi(height, now.weightKg)}.`,
      );
    }
  }

  const wasSmoking = baseline.smokingStatus === 'CURRENT';
  if (wasSmoking && (now.smokingStatus === 'FORMER' || now.smokingStatus === 'NEVER')) {
    lines.push(
      "You've stopped smoking. That is a really big deal, and one of the best things you can do for your health. Well done!",
    );
  } else if (
    wasSmoking &&
    now.smokingStatus === 'CURRENT' &&
    baseline.cigarettesPerDay != null &&
    now.cigarettesPerDay != null
  ) {
    const fewer = baseline.cigarettesPerDay - now.cigarettesPerDay;
    if (fewer > 0)
      lines.push(`You're smoking ${plural(fewer, 'cigarette', 'cigarettes')} fewer a day. Every one counts.`);
  }

  if (baseline.activeDays != null && now.activeDays != null) {
    const more = now.activeDays - baseline.activeDays;
    if (more > 0)
      lines.push(
        `You're active on ${plural(more, 'more day', 'more days')} a week than when you joined. Great work.`,
      );
    else if (more === 0 && now.activeDays >= 5) lines.push('You are still active on most days. Keep it up.');
  }

  if (baseline.drinksPerWeek != null && now.drinksPerWeek != null) {
    const fewer = baseline.drinksPerWeek - now.drinksPerWeek;
    if (fewer > 0)
      lines.push(
        `You're having ${plural(fewer, 'drink', 'drinks')} fewer a week (about ${estimateUnits(fewer)} fewer units).`,
      );
  }

  if (lines.length === 0) lines.push('Thank you for telling us how things are going.');
  return lines;
}
