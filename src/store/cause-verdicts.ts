import { z } from 'zod';
import { CAUSE_TALLY, type LearningStats } from '../agents/learning.js';
import { CauseVerdict } from '../domain/cause-feedback.js';
import type { Keys } from './keys.js';
import type { Redis } from './redis.js';
import { withScripts } from './scripts.js';

/** One person's standing verdict on an incident's root cause, as stored. */
export const CauseVerdictRecord = z.object({
  verdict: CauseVerdict,
  at: z.string(),
  /** Whether it feeds the learning record (an approver's); `tally` is the field it counts in. */
  counted: z.boolean(),
  tally: z.string().optional(),
});
export type CauseVerdictRecord = z.infer<typeof CauseVerdictRecord>;

export interface CauseVerdictInput {
  verdict: CauseVerdict;
  at: string;
  /** The fault signature it teaches; absent: it is recorded but counts nowhere. */
  signature?: string;
}

type CauseCounts = Pick<LearningStats, 'rightCauses' | 'wrongCauses'>;

/** The last approver's verdict that counted on a signature. */
export const LastCauseVerdict = z.object({ verdict: CauseVerdict, by: z.string(), at: z.string() });
export type LastCauseVerdict = z.infer<typeof LastCauseVerdict>;

/** A signature's counted verdicts, as App Home shows them. */
export interface CauseSummary extends CauseCounts {
  last?: LastCauseVerdict;
}

const tallyField = (signature: string, tally: keyof CauseCounts) => `${signature}|${tally}`;

function parseJson<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The approvers' verdicts on root causes, per fault signature, and each person's standing one per incident. */
export function createCauseVerdicts(redis: Redis, keys: Keys) {
  return {
    /** Records `user`'s verdict, replacing theirs: the counts move by the difference. Returns the one replaced. */
    async record(
      incidentId: string,
      user: string,
      input: CauseVerdictInput,
    ): Promise<{ previous?: CauseVerdictRecord }> {
      const tally = input.signature ? tallyField(input.signature, CAUSE_TALLY[input.verdict]) : undefined;
      const record: CauseVerdictRecord = {
        verdict: input.verdict,
        at: input.at,
        counted: tally !== undefined,
        ...(tally ? { tally } : {}),
      };
      const old = await withScripts(redis).warroomCauseVerdict(
        keys.causeVerdicts(incidentId),
        keys.causeTallies,
        user,
        JSON.stringify(record),
        tally ?? '',
      );
      if (input.signature) {
        // Beside the counts, not in their script: "last" is for people to read, and two approvers
        // clicking in the same instant may leave either one as the last.
        const last: LastCauseVerdict = { verdict: input.verdict, by: user, at: input.at };
        await redis.hset(keys.causeLast, input.signature, JSON.stringify(last));
      }
      const previous = parseJson(CauseVerdictRecord, old);
      return previous ? { previous } : {};
    },

    async counts(signature: string): Promise<CauseCounts> {
      const [right, wrong] = await redis.hmget(
        keys.causeTallies,
        tallyField(signature, 'rightCauses'),
        tallyField(signature, 'wrongCauses'),
      );
      return { rightCauses: Number(right ?? 0), wrongCauses: Number(wrong ?? 0) };
    },

    /** Every signature's counts. */
    async all(): Promise<Map<string, CauseCounts>> {
      const bySignature = new Map<string, CauseCounts>();
      for (const [name, value] of Object.entries(await redis.hgetall(keys.causeTallies))) {
        const cut = name.lastIndexOf('|');
        const [signature, tally] = [name.slice(0, cut), name.slice(cut + 1)];
        if (cut < 0 || (tally !== 'rightCauses' && tally !== 'wrongCauses')) continue;
        const counts = bySignature.get(signature) ?? { rightCauses: 0, wrongCauses: 0 };
        bySignature.set(signature, { ...counts, [tally]: Number(value) });
      }
      return bySignature;
    },

    /** Every signature's counts with the last counted verdict on it. */
    async summaries(): Promise<Map<string, CauseSummary>> {
      const [counts, lasts] = await Promise.all([this.all(), redis.hgetall(keys.causeLast)]);
      const summaries = new Map<string, CauseSummary>(counts);
      for (const [signature, raw] of Object.entries(lasts)) {
        const last = parseJson(LastCauseVerdict, raw);
        if (!last) continue;
        summaries.set(signature, {
          ...(summaries.get(signature) ?? { rightCauses: 0, wrongCauses: 0 }),
          last,
        });
      }
      return summaries;
    },
  };
}
