-- The golden demo cases (DESIGN.md): the README's examples and the end-to-end tests use exactly these.
INSERT INTO cases (id, matter_code, applicant_type, applicant_id, channel, status, submitted_at, updated_at) VALUES
  -- The restaurant renews its expired public place health permit at the counter.
  ('C2026112000001', 'HL-002', 'COMPANY', '91310107MA1FL3K2XE', 'COUNTER', 'IN_REVIEW',
    '2026-11-20T09:32:00+08:00', '2026-11-21T14:05:00+08:00'),
  -- Zhang Wei asks online for a household registration certificate for his daughter; issued.
  ('C2026110200001', 'PS-002', 'PERSON', '310107199003070017', 'PORTAL', 'ISSUED',
    '2026-11-02T20:15:00+08:00', '2026-11-04T10:20:00+08:00'),
  -- Li Na replaces her social security card in the app.
  ('C2026112400001', 'HR-001', 'PERSON', '310107198511220021', 'APP', 'ACCEPTED',
    '2026-11-24T12:08:00+08:00', '2026-11-24T15:40:00+08:00');
