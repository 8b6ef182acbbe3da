-- Cases (applications) opened at any channel. A case's department is its matter's department.
CREATE TABLE cases (
  -- C + submission date (YYYYMMDD) + a five-digit sequence of that day, e.g. C2026112000001.
  id             TEXT PRIMARY KEY CHECK (length(id) = 14),
  matter_code    TEXT NOT NULL REFERENCES matters (code),
  applicant_type TEXT NOT NULL CHECK (applicant_type IN ('PERSON', 'COMPANY')),
  -- The canonical Person.id or Company.uscc, validated before it is written.
  applicant_id   TEXT NOT NULL,
  channel        TEXT NOT NULL CHECK (channel IN ('COUNTER', 'PORTAL', 'TERMINAL', 'APP')),
  status         TEXT NOT NULL CHECK (
    status IN ('SUBMITTED', 'PRECHECK_FAILED', 'ACCEPTED', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'ISSUED')
  ),
  submitted_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Person.cases / Company.cases read every case of a batch of applicants in one query.
CREATE INDEX cases_applicant ON cases (applicant_type, applicant_id, submitted_at);
