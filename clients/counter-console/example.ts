import path from 'node:path';
import { COUNTER_VIEW_PURPOSE, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { readManifest } from '../../gateway/limits/safelist';
import { ensureDemoKeys, loadPrivateJwk } from '../../trust/keys/key-store';
import { mintToken } from '../../trust/auth/mint';
import { createCounterClient } from './client';
import { CounterClientError } from './client-error';
import { CounterViewDocument } from './generated/graphql';

/**
 * `npm run example:counter [-- --persisted]`: the counter console's first screen against a running
 * `npm start`. Mints a demo token for window officer officer-0042 (service centre, window A-07) with
 * the demo issuer key in .data/keys (KEY_DIR), then prints Zhang Wei's counter view, asked for his
 * case (x-purpose case:C2026110200001). `--persisted` sends the registered id of
 * gateway/persisted-operations/counter.json instead of the text, as GATEWAY_SAFELIST=on requires.
 * The gateway is GATEWAY_URL, else http://127.0.0.1:$GATEWAY_PORT/graphql (port 4000).
 */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production')
    throw new Error('the example mints demo tokens: not with NODE_ENV=production');
  const url = process.env.GATEWAY_URL || `http://127.0.0.1:${process.env.GATEWAY_PORT || '4000'}/graphql`;
  const keys = await ensureDemoKeys(process.env.KEY_DIR ? path.resolve(process.env.KEY_DIR) : undefined);
  const token = await mintToken(
    { role: 'officer', sub: 'officer-0042', department: 'service-center', window: 'A-07' },
    { privateJwk: loadPrivateJwk(keys.issuerPrivate), ttlSeconds: 600 },
  );
  const persisted = process.argv.includes('--persisted')
    ? readManifest(path.resolve(__dirname, '../../gateway/persisted-operations/counter.json'))
    : undefined;
  const client = createCounterClient({
    url,
    token,
    purpose: COUNTER_VIEW_PURPOSE,
    channel: 'counter',
    persisted,
  });

  const { person } = await client.run(CounterViewDocument, COUNTER_VIEW_VARIABLES);
  if (!person) {
    console.log(`no person ${COUNTER_VIEW_VARIABLES.id}`);
    return;
  }
  // Typed all the way down: `person.companies[0].taxStatus.creditRating` is a TaxCreditRating.
  console.log(`${person.name} (${person.id}), born ${person.birthDate}`);
  for (const c of person.certificates ?? [])
    console.log(
      `  certificate ${c.title} ${c.id}: ${c.status}${c.validUntil ? ` until ${c.validUntil}` : ''}`,
    );
  for (const p of person.properties ?? [])
    console.log(`  property ${p.address}, ${p.floorAreaM2} m², ${p.usage}`);
  if (person.socialSecurity)
    console.log(
      `  social security ${person.socialSecurity.cardNumber}: ${person.socialSecurity.status}, ` +
        `${person.socialSecurity.contributionMonths} months with ${person.socialSecurity.employerName}`,
    );
  for (const c of person.companies ?? []) {
    console.log(`  company ${c.name} (${c.uscc}), tax credit ${c.taxStatus?.creditRating ?? '?'}`);
    for (const l of c.licences ?? []) console.log(`    licence ${l.type} ${l.number}: ${l.status}`);
    for (const k of c.cases ?? []) console.log(`    open case ${k.id} ${k.matterName}: ${k.status}`);
  }
  for (const k of person.cases ?? []) console.log(`  open case ${k.id} ${k.matterName}: ${k.status}`);
}

main().catch((e: unknown) => {
  if (e instanceof CounterClientError)
    console.error(`${e.code}${e.department ? ` (${e.department})` : ''}: ${e.message}`);
  else console.error(`cannot reach the gateway (is \`npm start\` running?): ${(e as Error).message}`);
  process.exitCode = 1;
});
