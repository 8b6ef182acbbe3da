import { assertTransition, canMove, TRANSITIONS } from './state-machine';

describe('case state machine', () => {
  it('allows exactly the moves of the table', () => {
    const allowed = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`));
    expect(allowed).toEqual([
      'SUBMITTED->ACCEPTED',
      'SUBMITTED->PRECHECK_FAILED',
      'ACCEPTED->IN_REVIEW',
      'IN_REVIEW->APPROVED',
      'IN_REVIEW->REJECTED',
      'APPROVED->ISSUED',
    ]);
    expect([
      canMove('APPROVED', 'ISSUED'),
      canMove('ISSUED', 'APPROVED'),
      canMove('ACCEPTED', 'ACCEPTED'),
    ]).toEqual([true, false, false]);
  });

  it('names both states and the way on in ILLEGAL_TRANSITION', () => {
    expect(() => assertTransition('C2026112600001', 'SUBMITTED', 'APPROVED')).toThrow(
      expect.objectContaining({
        code: 'ILLEGAL_TRANSITION',
        message:
          'case C2026112600001 cannot move from SUBMITTED to APPROVED: it can move to ACCEPTED or PRECHECK_FAILED',
      }),
    );
    expect(() => assertTransition('C2026112600001', 'PRECHECK_FAILED', 'ACCEPTED')).toThrow(
      'case C2026112600001 cannot move from PRECHECK_FAILED to ACCEPTED: PRECHECK_FAILED is final',
    );
  });
});
