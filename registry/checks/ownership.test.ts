import { parse } from 'graphql';
import { ownershipProblems, typeOwners, type MemberSchema } from './ownership';
import { ourSdl, ourSubgraphs, subgraphSdl } from './test-support';

const members: MemberSchema[] = ourSubgraphs().map((s) => ({ department: s.name, sdl: s.sdl }));

function problems(department: string, sdl: string) {
  return ownershipProblems(department, parse(sdl), members);
}

describe('typeOwners', () => {
  it('gives each type to the first department in SUBGRAPHS order that declares it as a plain type', () => {
    const owners = typeOwners(members);
    expect(owners.get('Date')!.department).toBe('public-security');
    expect(owners.get('DateTime')!.department).toBe('health');
    expect(owners.get('LicenceType')!.department).toBe('market-supervision');
    expect(owners.get('HealthDocumentStatus')!.department).toBe('health');
  });

  it('gives a type declared only as an entity to the first department that resolves it', () => {
    const owners = typeOwners(members);
    expect(owners.get('Person')!.department).toBe('public-security');
    expect(owners.get('Company')!.department).toBe('market-supervision');
    // market-supervision, health and housing declare it first, with @key(resolvable: false).
    expect(owners.get('Certificate')!.department).toBe('big-data-center');
    expect(owners.get('Department')!.department).toBe('service-center');
  });

  it('falls back to the first department declaring an entity nobody resolves', () => {
    const owners = typeOwners([
      { department: 'tax', sdl: 'type Ghost @key(fields: "id", resolvable: false) { id: ID! }' },
      { department: 'health', sdl: 'type Ghost @key(fields: "id", resolvable: false) { id: ID! }' },
    ]);
    expect(owners.get('Ghost')!.department).toBe('health');
  });
});

describe('ownershipProblems', () => {
  it('passes each of our 9 current subgraph schemas', () => {
    for (const m of members) expect(problems(m.department, m.sdl)).toEqual([]);
  });

  it("refuses @key on another department's value type: it would let the department add fields to it", () => {
    const sdl =
      ourSdl('health') +
      '\n"A licence."\ntype Licence @key(fields: "number") {\n  "Number."\n  number: String!\n}\n';
    expect(problems('health', sdl)).toEqual([
      {
        code: 'TYPE_NOT_OWNED',
        subgraph: 'health',
        message:
          'type "Licence" is owned by market-supervision, and this declaration differs from its; declare it exactly as market-supervision does, or ask market-supervision to change it',
      },
    ]);
  });

  it('refuses a department declaring an enum another department owns, differently, naming type and owner', () => {
    const sdl = ourSdl('health') + '\n"Licence kinds."\nenum LicenceType {\n  "Fishing."\n  FISHING\n}\n';
    expect(problems('health', sdl)).toEqual([
      {
        code: 'TYPE_NOT_OWNED',
        subgraph: 'health',
        message:
          'type "LicenceType" is owned by market-supervision, and this declaration differs from its; declare it exactly as market-supervision does, or ask market-supervision to change it',
      },
    ]);
  });

  it('lets a department repeat a value type exactly as its owner declares it, descriptions aside', () => {
    const owner = /enum SocialSecurityStatus \{[^}]*\}/.exec(ourSdl('human-resources'))![0];
    expect(problems('health', ourSdl('health') + `\n"Copied."\n${owner}\n`)).toEqual([]);
  });

  it('refuses declaring another department entity as a plain type', () => {
    const sdl = subgraphSdl('"A case."\ntype Case {\n  "Its id."\n  id: ID!\n}');
    expect(problems('health', sdl)).toEqual([
      {
        code: 'TYPE_NOT_OWNED',
        subgraph: 'health',
        message:
          'type "Case" is owned by service-center; only its entity (with @key) may be extended by other departments',
      },
    ]);
  });

  it('lets a department contribute fields to an entity another department owns', () => {
    const sdl = subgraphSdl(
      '"A case."\ntype Case @key(fields: "id") {\n  "Its id."\n  id: ID!\n  "New."\n  x: Int\n}',
    );
    expect(problems('health', sdl)).toEqual([]);
  });

  it('lets a department change the types it owns, and declare new ones and root types', () => {
    const sdl = ourSdl('health')
      .replace('enum HealthDocumentStatus {', 'enum HealthDocumentStatus {\n  "New."\n  SUSPENDED')
      .concat(
        '\n"Brand new."\ntype Vaccination {\n  "Its id."\n  id: ID!\n}\n"Root."\ntype Query {\n  "One."\n  one: Int\n}\n',
      );
    expect(problems('health', sdl)).toEqual([]);
  });
});
