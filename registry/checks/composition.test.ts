import { blamed, composeWith } from './composition';
import { ourSdl, ourSubgraphs } from './test-support';

const members = ourSubgraphs();
const health = members.find((s) => s.name === 'health')!;

describe('composeWith', () => {
  it('composes our subgraphs with a department schema replaced', () => {
    const sdl = ourSdl('health').replace(
      '  "Birth weight in grams."',
      '  "Birth length in centimetres."\n  lengthCm: Int\n  "Birth weight in grams."',
    );
    const { supergraphSdl, problems } = composeWith(members, { ...health, sdl });
    expect(problems).toEqual([]);
    expect(supergraphSdl).toContain('lengthCm: Int');
    expect(supergraphSdl).toContain(
      'HEALTH @join__graph(name: "health", url: "http://127.0.0.1:4003/graphql")',
    );
  });

  it('blames the publishing department for a field type conflicting with the shared field of others', () => {
    const sdl = ourSdl('health').replace('uscc: ID!', 'uscc: Int!');
    const { supergraphSdl, problems } = composeWith(members, { ...health, sdl });
    expect(supergraphSdl).toBeNull();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('COMPOSITION_FAILED');
    expect(problems[0]!.subgraph).toBe('health');
    expect(problems[0]!.message).toMatch(
      /^FIELD_TYPE_MISMATCH: Type of field "Company.uscc" is incompatible/,
    );
  });

  it('names the subgraph of a @key on a field that does not exist', () => {
    const sdl = ourSdl('health').replace(
      'type Person @key(fields: "id")',
      'type Person @key(fields: "nope")',
    );
    const { problems } = composeWith(members, { ...health, sdl });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'COMPOSITION_FAILED',
        subgraph: 'health',
        message: expect.stringMatching(
          /^KEY_INVALID_FIELDS: \[health\] On type "Person", for @key\(fields: "nope"\)/,
        ),
      }),
    ]);
  });

  it('adds a department that is not yet a member', () => {
    const others = members.filter((s) => s.name !== 'health');
    const { supergraphSdl, problems } = composeWith(others, health);
    expect(problems).toEqual([]);
    expect(supergraphSdl).toContain('HEALTH @join__graph');
  });
});

describe('blamed', () => {
  const names = ['public-security', 'health', 'tax'];
  it('takes the [subgraph] prefix first', () => {
    expect(blamed('[tax] Unknown type X', names, 'health')).toBe('tax');
  });
  it('takes the publishing department when the message names it among others', () => {
    expect(blamed('in subgraphs "public-security" and "health"', names, 'health')).toBe('health');
  });
  it('takes the first subgraph named otherwise', () => {
    expect(blamed('in subgraphs "public-security" and "tax"', names, 'health')).toBe('public-security');
  });
  it('falls back to the publishing department', () => {
    expect(blamed('something went wrong', names, 'health')).toBe('health');
  });
});
