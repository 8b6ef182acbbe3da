-- A first slice of the matter catalogue (the full catalogue holds 652 matters): the matters of
-- the golden cases and of the one-licence-for-one-industry flow.
INSERT INTO matters (code, name, name_en, department_code, applicant_kind, promised_days) VALUES
  ('PS-001', '出生登记', 'Birth registration (household register)', 'public-security', 'PERSON', 1),
  ('PS-002', '户籍证明开具', 'Household registration certificate', 'public-security', 'PERSON', 1),
  ('MS-001', '食品经营许可（新办）', 'Food business permit (new)', 'market-supervision', 'COMPANY', 10),
  ('HL-001', '公共场所卫生许可（新办）', 'Public place health permit (new)', 'health', 'COMPANY', 10),
  ('HL-002', '公共场所卫生许可证延续', 'Public place health permit renewal', 'health', 'COMPANY', 5),
  ('HS-001', '不动产转移登记', 'Real estate transfer registration', 'housing', 'ANY', 5),
  ('TX-001', '开具完税证明', 'Tax clearance certificate', 'tax', 'ANY', 1),
  ('HR-001', '社会保障卡补换', 'Social security card replacement', 'human-resources', 'PERSON', 7),
  ('SC-001', '行业综合许可证（一业一证）', 'Comprehensive industry licence (one licence for one industry)',
    'service-center', 'COMPANY', 5);
