/** Social insurance standing of a person, as the HR system classifies it. */
export type SocialSecurityStatus = 'CONTRIBUTING' | 'SUSPENDED' | 'RETIRED';

/** A person's social security record: card, employer and contributions. Plain data, ISO dates. */
export interface SocialSecurity {
  /** Canonical identity number (`Person.id`). */
  personId: string;
  /** Social security card number, e.g. `SH0017350017`. */
  cardNumber: string;
  status: SocialSecurityStatus;
  /** Employer as the HR system names it (`灵活就业人员` for the self-employed). */
  employerName: string;
  /** Employer's unified social credit code; null for the self-employed or when the system's code is invalid. */
  employerUscc: string | null;
  /** Date insurance began, YYYY-MM-DD. */
  since: string;
  /** Months of contributions so far. */
  contributionMonths: number;
  /** Last month paid, YYYY-MM. */
  lastContributionMonth: string;
  /** Monthly contribution base, CNY. */
  monthlyBase: number;
  /** Clerks' remark, verbatim (may hold commas and line breaks). */
  remark: string;
  /**
   * The name the HR system holds. Its export is GBK, which cannot hold every character of
   * GB 18030 (e.g. 𠮷): those come back as '?'. The graph takes names from public security;
   * this is kept for cross-checks only.
   */
  nameOnRecord: string;
  /** False when the name lost characters to GBK ('?' in a name is never real). */
  nameOnRecordComplete: boolean;
}
