import { createBigDataCenterAdapter } from '../../adapters/big-data-center';
import { newAdapterContext } from '../../adapters/kit/operation';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type Stack } from '../helpers/stack';

const SUBMIT = /* GraphQL */ `
  mutation Submit($input: SubmitCaseInput!) {
    submitCase(input: $input) {
      case {
        status
        materials {
          material {
            code
          }
          status
          reason
        }
      }
    }
  }
`;

describe('a case decision', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  }, 60_000);
  afterAll(() => stack?.close());

  it('sees a certificate revoked a moment ago, not the copy the service centre cached', async () => {
    const input = (key: string) => ({
      matterCode: 'ED-001',
      applicant: { personId: GOLDEN.zhangWei },
      idempotencyKey: key,
    });
    const household = (reply: Awaited<ReturnType<Stack['query']>>) =>
      (
        reply.body.data as {
          submitCase: {
            case: { materials: { material: { code: string }; status: string; reason: string | null }[] };
          };
        }
      ).submitCase.case.materials.find((m) => m.material.code === 'HOUSEHOLD_REGISTER');
    expect(
      household(await stack.query(SUBMIT, { input: input('fresh-decision-0001') }, 'portal')),
    ).toMatchObject({
      status: 'NO_SUBMISSION_NEEDED',
    });

    // The public security bureau revokes the household register through its own connection to the library:
    // the service centre's cached copy of Zhang Wei's certificates is not told.
    const bureau = createBigDataCenterAdapter({ url: stack.mocks['big-data-center']!.url });
    await bureau.revokeCertificate(
      newAdapterContext(),
      `PS-HH-${GOLDEN.zhangWei}`,
      'household moved',
      'fresh-decision-revoke-1',
    );
    await bureau.close();

    expect(
      household(await stack.query(SUBMIT, { input: input('fresh-decision-0002') }, 'portal')),
    ).toMatchObject({
      status: 'INVALID',
      reason: expect.stringMatching(/was revoked/),
    });
  });
});
