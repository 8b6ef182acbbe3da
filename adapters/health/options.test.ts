import { fromEnv, HEALTH_DEFAULTS, resolveHealthOptions } from './options';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('health adapter options', () => {
  it('fills in every default', () => {
    expect(resolveHealthOptions({})).toEqual({ ...HEALTH_DEFAULTS, cache: undefined, breaker: undefined });
  });

  it('names the option and the value it got', () => {
    expect(message(() => resolveHealthOptions({ pageSize: 80 }))).toBe(
      'pageSize must be a whole number from 1 to 50: 80',
    );
    expect(message(() => resolveHealthOptions({ url: 'tcp://x:1' }))).toBe(
      'url must be an http(s) URL: tcp://x:1',
    );
    expect(message(() => resolveHealthOptions({ basePath: 'fhir' }))).toBe(
      'basePath must start with "/": fhir',
    );
  });

  it('reads the environment and names the variable of a bad value', () => {
    expect(
      fromEnv({
        HEALTH_URL: 'http://fhir.internal:8080',
        HEALTH_PAGE_SIZE: '25',
        HEALTH_BASE_PATH: '/fhir/r4',
      }),
    ).toEqual({
      url: 'http://fhir.internal:8080',
      basePath: '/fhir/r4',
      pageSize: 25,
    });
    expect(message(() => fromEnv({ HEALTH_MAX_PAGES: 'ten' }))).toBe(
      'HEALTH_MAX_PAGES must be a whole number from 1 to 9007199254740991: ten',
    );
    expect(message(() => fromEnv({ HEALTH_URL: 'ftp://x' }))).toBe(
      'HEALTH_URL must be an http(s) URL: ftp://x',
    );
  });
});
