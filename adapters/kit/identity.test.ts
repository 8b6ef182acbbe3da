import { DataLayerError } from './errors';
import { gb11643CheckDigit, gb32100CheckChar, parseIdentity, parseUscc } from './identity';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as DataLayerError).code;
  }
  return undefined;
}

describe('parseIdentity', () => {
  it('accepts a mainland resident identity number with its GB 11643 check digit', () => {
    expect(parseIdentity('310107199003070017')).toEqual({
      id: '310107199003070017',
      documentType: 'RESIDENT_ID_CARD',
      documentNumber: '310107199003070017',
      birthDate: '1990-03-07',
    });
  });

  it('recognises Hong Kong/Macao and Taiwan residence permits by their 810000/820000/830000 prefix', () => {
    expect(parseIdentity('810000199505150031').documentType).toBe('HK_MACAO_RESIDENCE_PERMIT');
    const tw = '83000019880101001';
    expect(parseIdentity(tw + gb11643CheckDigit(tw)).documentType).toBe('TAIWAN_RESIDENCE_PERMIT');
  });

  it('accepts an X check digit in lower case and returns it upper-cased', () => {
    const first17 = '11010519491231002';
    expect(gb11643CheckDigit(first17)).toBe('X');
    expect(parseIdentity(first17 + 'x').id).toBe(first17 + 'X');
  });

  it('parses the canonical passport form P-<country>-<number>', () => {
    expect(parseIdentity('P-GBR-533401827')).toEqual({
      id: 'P-GBR-533401827',
      documentType: 'PASSPORT',
      documentNumber: '533401827',
      country: 'GBR',
    });
  });

  it('refuses a wrong check digit, naming the expected one', () => {
    expect(() => parseIdentity('310107199003070018')).toThrow('check digit is 8, expected 7');
    expect(codeOf(() => parseIdentity('310107199003070018'))).toBe('INVALID_IDENTITY_NUMBER');
  });

  it('refuses an impossible birth date, a wrong length and letters', () => {
    expect(codeOf(() => parseIdentity('310107199002300017'))).toBe('INVALID_IDENTITY_NUMBER');
    expect(codeOf(() => parseIdentity('31010719900307001'))).toBe('INVALID_IDENTITY_NUMBER');
    expect(codeOf(() => parseIdentity('31010719900307A017'))).toBe('INVALID_IDENTITY_NUMBER');
    expect(codeOf(() => parseIdentity(''))).toBe('INVALID_IDENTITY_NUMBER');
  });
});

describe('parseUscc', () => {
  it('accepts the golden companies with their GB 32100 check characters', () => {
    for (const c of ['91310107MA1FL3K2XE', '91310107MA1G5X7P50', '91310107MA1H2R8N79']) {
      expect(gb32100CheckChar(c.slice(0, 17))).toBe(c[17]);
      expect(parseUscc(c.toLowerCase())).toBe(c);
    }
  });

  it('refuses a wrong check character and characters the standard never uses', () => {
    expect(() => parseUscc('91310107MA1FL3K2XA')).toThrow('check character is A, expected E');
    expect(codeOf(() => parseUscc('91310107MA1FL3K2XA'))).toBe('INVALID_CREDIT_CODE');
    expect(codeOf(() => parseUscc('91310107MA1FL3K2OE'))).toBe('INVALID_CREDIT_CODE');
    expect(codeOf(() => parseUscc('913101'))).toBe('INVALID_CREDIT_CODE');
  });
});
