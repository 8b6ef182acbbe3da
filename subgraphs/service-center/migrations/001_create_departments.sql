-- The departments of the district that serve matters at the service centre.
-- Other subgraphs refer to a department by its code (Department @key(fields: "code")).
CREATE TABLE departments (
  code          TEXT PRIMARY KEY,
  name          TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  -- The legacy system the data layer wraps for the department; NULL when it has none.
  legacy_system TEXT,
  -- Display order at the counter and in lists.
  position      INTEGER NOT NULL UNIQUE
);
