-- The matter catalogue: what a citizen or company can apply for, and which department decides it.
CREATE TABLE matters (
  code            TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  name_en         TEXT NOT NULL,
  department_code TEXT NOT NULL REFERENCES departments (code),
  -- Who may apply: a person, a company, or either.
  applicant_kind  TEXT NOT NULL CHECK (applicant_kind IN ('PERSON', 'COMPANY', 'ANY')),
  -- Working days the department promises to decide in (shorter than the statutory limit).
  promised_days   INTEGER NOT NULL CHECK (promised_days >= 0)
);

CREATE INDEX matters_department ON matters (department_code);
