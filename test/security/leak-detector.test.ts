import { knownValuesOf, leaksIn, stringsIn } from './leak-detector';

const known = knownValuesOf({
  'Person:A': {
    id: '310107199003070017',
    name: '张伟',
    address: '上海市普陀区长寿路588弄12号602室',
    status: 'VALID',
  },
  'Person:B': { id: '310107198511220021', certificates: [{ id: 'HS-RE-2019-012345-2' }] },
});

describe('leak detector', () => {
  it('collects every string of a JSON value, keys aside', () => {
    expect(stringsIn({ a: ['x', { b: 'y', c: 3, d: null }], e: 'z' })).toEqual(['x', 'y', 'z']);
  });

  it('finds a value inside a longer string, and names whose it is', () => {
    expect(leaksIn({ certificate: { id: 'PS-ID-310107198511220021' } }, known, null)).toEqual([
      { subject: 'Person:B', value: '310107198511220021', in: 'PS-ID-310107198511220021' },
    ]);
  });

  it('lets masked values and enum words pass', () => {
    expect(
      leaksIn({ id: '3101**********0017', address: '上海市普陀区****', s: 'VALID' }, known, null),
    ).toEqual([]);
  });

  it('allows what the caller may see, even where it holds another subject’s value', () => {
    const expected = { certificates: [{ id: 'HS-RE-2019-012345-2' }] };
    expect(leaksIn(expected, knownValuesOf({ 'Person:A': { c: 'HS-RE-2019-012345' } }), expected)).toEqual(
      [],
    );
    expect(leaksIn({ name: '张伟' }, known, { name: '张伟' })).toEqual([]);
    expect(leaksIn({ name: '张伟' }, known, {})).toEqual([
      { subject: 'Person:A', value: '张伟', in: '张伟' },
    ]);
  });
});
