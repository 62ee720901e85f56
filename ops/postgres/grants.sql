-- Who may do what in the central store (run as a superuser in the store's database, after `esha store init`).
-- Nodes ship as esha_writer: they append (Marten's quick append) and keep the read models, and can neither change
-- nor delete a stored event. Auditors connect as esha_auditor: they read everything and change nothing.
REVOKE ALL ON SCHEMA esha FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA esha FROM PUBLIC;
GRANT USAGE ON SCHEMA esha TO esha_writer, esha_auditor;

-- Appending: the stream row (its version), the events, their sequence, the append function.
GRANT SELECT, INSERT, UPDATE ON esha.mt_streams TO esha_writer;
GRANT SELECT, INSERT ON esha.mt_events TO esha_writer;
GRANT USAGE ON SEQUENCE esha.mt_events_sequence TO esha_writer;
GRANT EXECUTE ON FUNCTION esha.mt_quick_append_events TO esha_writer;
-- The inline read models.
GRANT SELECT, INSERT, UPDATE ON esha.mt_doc_viptransition, esha.mt_doc_instancetransition TO esha_writer;

-- Auditors read, nothing else.
GRANT SELECT ON ALL TABLES IN SCHEMA esha TO esha_auditor;

-- Marten's pure helper functions (mt_immutable_*, mt_jsonb_*, mt_grams_*...) that its queries call: both roles.
-- Not the ones that write (appending, archiving, progression marks).
DO $$
DECLARE f regprocedure;
BEGIN
  FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = 'esha' AND p.proname NOT IN ('mt_quick_append_events', 'mt_archive_stream',
                 'mt_mark_event_progression', 'mt_mark_progression_with_skip')
  LOOP
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO esha_writer, esha_auditor', f);
  END LOOP;
END $$;
