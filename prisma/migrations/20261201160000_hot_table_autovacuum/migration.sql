-- Hand-written (storage parameters are not in prisma/schema.prisma).
-- The tables every command rewrites (a window burst inserts, updates and deletes their rows by the
-- thousand in seconds) are vacuumed and analyzed after a fixed number of changed rows rather than a
-- fraction of the table, and without the cost delay: left to the defaults, a burst's dead tuples and
-- stale statistics (planned as if the tables were empty) made the outbox claim and the reconcile read
-- several times slower for the rest of the run.
ALTER TABLE "outbox" SET (
  autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
  autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 5000,
  autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000,
  autovacuum_vacuum_cost_delay = 0
);
ALTER TABLE "commands" SET (
  autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0,
  autovacuum_analyze_threshold = 2000, autovacuum_vacuum_cost_delay = 0
);
ALTER TABLE "access_code_targets" SET (
  autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0,
  autovacuum_analyze_threshold = 2000, autovacuum_vacuum_cost_delay = 0
);
ALTER TABLE "access_codes" SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 2000);
ALTER TABLE "locks" SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0);
ALTER TABLE "lock_reported_states" SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_vacuum_cost_delay = 0);
