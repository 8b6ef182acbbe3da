import {
  ANSWER_MARGIN_MS,
  answerMarginMs,
  DEADLINE_HEADER,
  deadlineFrom,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './context';

const NOW = 1_000_000;
const deadline = (value?: string) =>
  deadlineFrom(value === undefined ? {} : { [DEADLINE_HEADER]: value }, NOW) - NOW;

describe("a subgraph's deadline from the gateway's header", () => {
  it('keeps the answer margin back from the time the gateway gives', () => {
    expect(ANSWER_MARGIN_MS).toBe(100);
    expect(deadline('800')).toBe(700);
    expect(deadline('3000')).toBe(2_900);
  });

  it('keeps no more than a fifth of a short time back, so a tight subgraph timeout still leaves time to work', () => {
    expect([150, 60, 4].map(answerMarginMs)).toEqual([30, 12, 0]);
    expect(deadline('150')).toBe(120);
    expect(deadline('4')).toBe(4);
    expect(deadline('0')).toBe(1);
  });

  it('takes its own default without a header or with one that is not a whole number, and never more', () => {
    for (const value of [undefined, '', 'abc', '-5', '1.5', '1e3'])
      expect(deadline(value)).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(deadline('999999999')).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
  });
});
