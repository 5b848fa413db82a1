-- The audit log and the access-code transition history are append-only: once written, a row is
-- evidence. A trigger refuses UPDATE and DELETE (TRUNCATE stays possible for test teardown only
-- to the table owner).
CREATE OR REPLACE FUNCTION lockstep_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'table % is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION lockstep_refuse_change();

CREATE TRIGGER access_code_transitions_append_only
  BEFORE UPDATE OR DELETE ON "access_code_transitions"
  FOR EACH ROW EXECUTE FUNCTION lockstep_refuse_change();
