-- The full matter catalogue and the 25 industries of one licence for one industry. Their rows come
-- from data/matters.json and data/industries.json, loaded on every start by the catalogue seed
-- (store/catalogue-seed.ts) when the files changed: editing the data is not a migration.
ALTER TABLE matters ADD COLUMN category TEXT NOT NULL DEFAULT '';
-- Statutory limit in working days (promised_days is the department's shorter promise).
ALTER TABLE matters ADD COLUMN legal_days INTEGER NOT NULL DEFAULT 0;
-- The certificate the department issues when a case of this matter is decided; NULL when none.
ALTER TABLE matters ADD COLUMN issues_certificate_type TEXT;
ALTER TABLE matters ADD COLUMN issues_title TEXT;
ALTER TABLE matters ADD COLUMN issues_validity_years INTEGER;
-- Order in the catalogue file: lists and cursors use it, so both engines page identically
-- (text collations differ between them).
ALTER TABLE matters ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
-- 0 once a matter left the catalogue file: its cases keep it, new applications cannot use it.
ALTER TABLE matters ADD COLUMN in_catalogue INTEGER NOT NULL DEFAULT 1;

CREATE INDEX matters_position ON matters (in_catalogue, position);

CREATE TABLE matter_channels (
  matter_code TEXT NOT NULL REFERENCES matters (code),
  channel     TEXT NOT NULL CHECK (channel IN ('COUNTER', 'PORTAL', 'TERMINAL', 'APP')),
  PRIMARY KEY (matter_code, channel)
);

CREATE INDEX matter_channels_channel ON matter_channels (channel, matter_code);

CREATE TABLE matter_materials (
  matter_code      TEXT NOT NULL REFERENCES matters (code),
  position         INTEGER NOT NULL,
  code             TEXT NOT NULL,
  name             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('CERTIFICATE', 'FORM', 'PHOTO', 'DOCUMENT')),
  -- Only for kind CERTIFICATE: the library certificate type that replaces the paper.
  certificate_type TEXT,
  required         INTEGER NOT NULL,
  PRIMARY KEY (matter_code, position)
);

CREATE TABLE industries (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  name_en     TEXT NOT NULL,
  -- The combined matter a company applies for, e.g. IND-RESTAURANT.
  matter_code TEXT NOT NULL REFERENCES matters (code),
  position    INTEGER NOT NULL
);

CREATE TABLE industry_components (
  industry_code    TEXT NOT NULL REFERENCES industries (code),
  position         INTEGER NOT NULL,
  certificate_type TEXT NOT NULL,
  name             TEXT NOT NULL,
  department_code  TEXT NOT NULL REFERENCES departments (code),
  PRIMARY KEY (industry_code, position)
);

-- Which version of the catalogue files is loaded (sha256 of both), so a start with unchanged
-- files writes nothing and a start with changed files updates every row once.
CREATE TABLE catalogue_seeds (
  name       TEXT PRIMARY KEY,
  checksum   TEXT NOT NULL,
  matters    INTEGER NOT NULL,
  industries INTEGER NOT NULL,
  applied_at TIMESTAMP WITH TIME ZONE NOT NULL
);
