/** People's word on a root-cause analysis: the feedback buttons under the RCA message. */
import { z } from 'zod';

export const CauseVerdict = z.enum(['right', 'wrong']);
export type CauseVerdict = z.infer<typeof CauseVerdict>;

/** The buttons' labels, and how the postmortem and the private answers say a verdict. */
export const CAUSE_VERDICT_WORDS: Readonly<Record<CauseVerdict, string>> = {
  right: 'Right cause',
  wrong: 'Wrong cause',
};

/** A click as the timeline keeps it (`by` and `at` beside it): what was said, whether it teaches the crew. */
export const CauseFeedbackEntry = z.object({
  verdict: CauseVerdict,
  /** An approver's: it feeds the learning record. */
  counted: z.boolean(),
  /** The same person's earlier verdict, which this one replaces. */
  replaces: CauseVerdict.optional(),
});
export type CauseFeedbackEntry = z.infer<typeof CauseFeedbackEntry>;
