import { DataLayerError } from '../kit/errors';
import { readSearchPage } from './bundle';

const doc = (id: string) => ({ resourceType: 'DocumentReference', id });

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as DataLayerError).code;
  }
  return 'no error';
}

describe('readSearchPage', () => {
  it('returns the matches and the next link of a searchset Bundle', () => {
    const page = readSearchPage(
      {
        resourceType: 'Bundle',
        type: 'searchset',
        total: 3,
        link: [
          { relation: 'self', url: 'http://x/fhir/DocumentReference?_count=2' },
          { relation: 'next', url: 'http://x/fhir?_getpages=a&_getpagesoffset=2' },
        ],
        entry: [
          { resource: doc('a'), search: { mode: 'match' } },
          { resource: { resourceType: 'OperationOutcome', issue: [] }, search: { mode: 'outcome' } },
          { resource: doc('b') },
        ],
      },
      'DocumentReference',
      'search',
    );
    expect(page).toEqual({
      resources: [doc('a'), doc('b')],
      next: 'http://x/fhir?_getpages=a&_getpagesoffset=2',
      total: 3,
    });
  });

  it('reads a Bundle without entry as an empty last page', () => {
    expect(
      readSearchPage({ resourceType: 'Bundle', type: 'searchset', total: 0 }, 'DocumentReference', 's'),
    ).toEqual({
      resources: [],
      next: undefined,
      total: 0,
    });
  });

  it.each([
    ['a JSON array', []],
    ['another resource', { resourceType: 'Patient', id: 'p' }],
    ['a Bundle of another type', { resourceType: 'Bundle', type: 'batch-response' }],
    ['entry that is not an array', { resourceType: 'Bundle', type: 'searchset', entry: {} }],
    ['an entry without a resource', { resourceType: 'Bundle', type: 'searchset', entry: [{ fullUrl: 'x' }] }],
    [
      'a match of the wrong type',
      { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'Patient' } }] },
    ],
    ['a link without url', { resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next' }] }],
    ['a negative total', { resourceType: 'Bundle', type: 'searchset', total: -1 }],
  ])('calls %s BAD_LEGACY_REPLY', (_what, body) => {
    expect(codeOf(() => readSearchPage(body, 'DocumentReference', 'search'))).toBe('BAD_LEGACY_REPLY');
  });
});
