-- Paperless cases: the client's idempotency key, the pre-checked materials, the history of every
-- status change, the certificate issued at the end, and a version for optimistic concurrency.
ALTER TABLE cases ADD COLUMN idempotency_key TEXT;
-- sha256 of the request the key was first used for: the same key with another request is refused.
ALTER TABLE cases ADD COLUMN request_hash TEXT;
-- Incremented by every status change; a change names the version it read, so of two officers
-- moving one case at the same moment exactly one succeeds.
ALTER TABLE cases ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- The library id of the certificate issued to the applicant when the case reached ISSUED.
ALTER TABLE cases ADD COLUMN issued_certificate_id TEXT;

-- Two submits with one key (a retry racing the original) cannot both write a case. NULLs (the
-- golden cases, opened before keys existed) do not collide in either engine.
CREATE UNIQUE INDEX cases_idempotency_key ON cases (idempotency_key);

-- The last sequence number handed out per submission day (case ids: C + YYYYMMDD + 5 digits).
CREATE TABLE case_sequences (
  day  TEXT PRIMARY KEY,
  last INTEGER NOT NULL
);

-- The materials as the pre-check judged them at submission (a snapshot: the catalogue may change).
CREATE TABLE case_materials (
  case_id          TEXT NOT NULL REFERENCES cases (id),
  position         INTEGER NOT NULL,
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL,
  certificate_type TEXT,
  required         INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('NO_SUBMISSION_NEEDED', 'SUPPLIED', 'MISSING', 'INVALID')),
  reason           TEXT,
  -- The library certificate that replaced the paper, or the expired/revoked one that was found.
  certificate_id   TEXT,
  -- What the applicant handed in for it (an upload id, a paper's number).
  reference        TEXT,
  PRIMARY KEY (case_id, position)
);

-- Every status change of a case, in order; from_status is NULL for the submission itself.
CREATE TABLE case_events (
  case_id     TEXT NOT NULL REFERENCES cases (id),
  seq         INTEGER NOT NULL,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  at          TIMESTAMP WITH TIME ZONE NOT NULL,
  channel     TEXT,
  note        TEXT,
  PRIMARY KEY (case_id, seq)
);
