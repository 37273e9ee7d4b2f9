-- HAT link groups: records joined by a batch record's links or by POST /data-link form one undirected, n-ary group.
-- Rows name an object by class and id; a record deleted through another route leaves rows that reads skip (they
-- join objects), and HAT's own delete removes them.
CREATE TABLE hat_links(
  group_id TEXT NOT NULL,
  class TEXT NOT NULL,
  record_id TEXT NOT NULL,
  PRIMARY KEY(group_id, record_id)
) WITHOUT ROWID;
CREATE INDEX hat_links_record ON hat_links(record_id);
