/** The Taxation Bureau's canonical records, as this adapter returns them (plain data, ISO dates). */

/** State Taxation Administration credit levels, best to worst (M: new or small taxpayer without a full year). */
export type TaxCreditRating = 'A' | 'B' | 'M' | 'C' | 'D';

/** Registration status: NORMAL (正常), ABNORMAL (非正常, e.g. stopped filing), DEREGISTERED (注销). */
export type TaxpayerStatus = 'NORMAL' | 'ABNORMAL' | 'DEREGISTERED';

/** A company's tax registration and standing. */
export interface TaxStatus {
  /** The unified social credit code the record was asked for. */
  uscc: string;
  /** Taxpayer identification number (纳税人识别号); equals the USCC for companies registered since 2015. */
  taxpayerId: string;
  /** YYYY-MM-DD */
  registeredOn: string;
  /** The latest year's credit evaluation. */
  creditRating: TaxCreditRating;
  /** Name of the competent tax office (主管税务机关). */
  taxOffice: string;
  status: TaxpayerStatus;
  /** Tax owed and overdue, in CNY, two decimals. */
  arrears: number;
  /** The latest tax period a return was filed for, YYYY-MM. */
  lastFiledPeriod: string;
}
