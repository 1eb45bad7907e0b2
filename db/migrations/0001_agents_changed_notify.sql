-- Rings `eco_agents_changed` once per statement that changes agents, whoever runs it, so that a
-- process caching agent reads learns of every committed change. NOTIFY is sent at commit and
-- collapses duplicates within a transaction.
CREATE OR REPLACE FUNCTION eco_notify_agents_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('eco_agents_changed', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER agents_changed_notify
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agents
FOR EACH STATEMENT EXECUTE FUNCTION eco_notify_agents_changed();
