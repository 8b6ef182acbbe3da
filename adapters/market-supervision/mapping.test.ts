import { toCompany, toLicence } from './mapping';

const enterprise = {
  unified_social_credit_code: '91310107MA1FL3K2XE',
  enterprise_name: '上海普陀张记餐饮有限公司',
  legal_rep_name: '张伟',
  legal_rep_id_no: '310107199003070017',
  reg_capital_wan_yuan: '50.000000',
  establish_date: '2019-04-18',
  reg_status: '存续',
  industry_code: 'H6210',
  industry_name: '正餐服务',
  business_scope: '餐饮服务；食品销售',
  address: '上海市普陀区曹杨路1040号1层',
};

const license = {
  e_license_id: 'MS-BL-91310107MA1FL3K2XE',
  license_type: 'YYZZ',
  license_name: '营业执照',
  license_no: '91310107MA1FL3K2XE',
  holder_uscc: '91310107MA1FL3K2XE',
  valid_from: '2019-04-18',
  valid_to: '长期',
  license_status: '有效',
};

describe('market-supervision mapping', () => {
  it('maps the status words 吊销，未注销 and 注销', () => {
    expect(toCompany({ ...enterprise, reg_status: '吊销，未注销' }).status).toBe('REVOKED');
    expect(toCompany({ ...enterprise, reg_status: '注销' }).status).toBe('DEREGISTERED');
  });

  it('passes an industry class it has no slug for through as the class', () => {
    expect(toCompany({ ...enterprise, industry_code: 'l7200' }).industry).toBe('L7200');
  });

  it('reads registered capital given as a number or as a decimal string', () => {
    expect(toCompany({ ...enterprise, reg_capital_wan_yuan: 12.5 }).registeredCapital).toBe(12.5);
    expect(toCompany({ ...enterprise, reg_capital_wan_yuan: '0.010000' }).registeredCapital).toBe(0.01);
  });

  it('calls an unknown status word a BAD_LEGACY_REPLY naming the field', () => {
    expect(() => toCompany({ ...enterprise, reg_status: '迁出' })).toThrow(
      'record field reg_status has an unknown value: 迁出',
    );
  });

  it('calls a capital that is not an amount a BAD_LEGACY_REPLY', () => {
    expect(() => toCompany({ ...enterprise, reg_capital_wan_yuan: '五十' })).toThrow(
      expect.objectContaining({ code: 'BAD_LEGACY_REPLY' }),
    );
  });

  it('calls a date in another format a BAD_LEGACY_REPLY', () => {
    expect(() => toCompany({ ...enterprise, establish_date: '20190418' })).toThrow(
      'record field establish_date is not a YYYY-MM-DD date: 20190418',
    );
  });

  it('reads 长期 as a licence without end', () => {
    expect(toLicence(license)).toEqual({
      certificateId: 'MS-BL-91310107MA1FL3K2XE',
      type: 'BUSINESS_LICENCE',
      title: '营业执照',
      number: '91310107MA1FL3K2XE',
      validFrom: '2019-04-18',
      validUntil: null,
      status: 'VALID',
    });
  });

  it('maps the licence types and statuses of the register', () => {
    const l = toLicence({
      ...license,
      license_type: 'YPLSXK',
      valid_to: '2027-08-31',
      license_status: '已撤销',
    });
    expect([l.type, l.validUntil, l.status]).toEqual(['DRUG_RETAIL_PERMIT', '2027-08-31', 'REVOKED']);
    expect(toLicence({ ...license, license_type: 'SPJYXK', license_status: '已过期' })).toMatchObject({
      type: 'FOOD_BUSINESS_PERMIT',
      status: 'EXPIRED',
    });
  });
});
