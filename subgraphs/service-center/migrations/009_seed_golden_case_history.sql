-- The history of the golden cases (006), so they read like cases opened today.
INSERT INTO case_events (case_id, seq, from_status, to_status, at, channel, note) VALUES
  ('C2026112000001', 1, NULL, 'SUBMITTED', '2026-11-20T09:32:00+08:00', 'COUNTER', NULL),
  ('C2026112000001', 2, 'SUBMITTED', 'ACCEPTED', '2026-11-20T09:32:00+08:00', NULL, 'pre-check passed'),
  ('C2026112000001', 3, 'ACCEPTED', 'IN_REVIEW', '2026-11-21T14:05:00+08:00', 'COUNTER', 'on-site inspection booked'),
  ('C2026110200001', 1, NULL, 'SUBMITTED', '2026-11-02T20:15:00+08:00', 'PORTAL', NULL),
  ('C2026110200001', 2, 'SUBMITTED', 'ACCEPTED', '2026-11-02T20:15:00+08:00', NULL, 'pre-check passed'),
  ('C2026110200001', 3, 'ACCEPTED', 'IN_REVIEW', '2026-11-03T09:10:00+08:00', 'COUNTER', NULL),
  ('C2026110200001', 4, 'IN_REVIEW', 'APPROVED', '2026-11-04T10:05:00+08:00', 'COUNTER', NULL),
  ('C2026110200001', 5, 'APPROVED', 'ISSUED', '2026-11-04T10:20:00+08:00', 'COUNTER', NULL),
  ('C2026112400001', 1, NULL, 'SUBMITTED', '2026-11-24T12:08:00+08:00', 'APP', NULL),
  ('C2026112400001', 2, 'SUBMITTED', 'ACCEPTED', '2026-11-24T15:40:00+08:00', 'COUNTER', NULL);

-- Each golden case has had one status change per event after the submission.
UPDATE cases SET version = 3 WHERE id = 'C2026112000001';
UPDATE cases SET version = 5 WHERE id = 'C2026110200001';
UPDATE cases SET version = 2 WHERE id = 'C2026112400001';
