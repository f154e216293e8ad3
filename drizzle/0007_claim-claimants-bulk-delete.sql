-- Written by hand (drizzle-kit generate --custom). A DELETE of several statements
-- runs 0006's statements_drop_claimants once per statement, each before the
-- cascades, which take the participant and appearance rows only when the whole
-- DELETE is done: a pair given by two of the deleted statements (and no other)
-- was kept by each, each seeing the other's rows still there. A statement counts
-- as support only while its own row is there: the rows of one deleted earlier in
-- the same DELETE no longer count.
CREATE OR REPLACE FUNCTION "statements_drop_claimants"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7311014);
  DELETE FROM "claim_claimants" cc USING (SELECT DISTINCT sp."actor_id", ca."claim_id" FROM "statement_participants" sp JOIN "claim_appearances" ca ON ca."statement_id" = sp."statement_id"
      WHERE sp."statement_id" = OLD."id" AND sp."role" IN ('AUTHOR', 'LEAD_SIGNATORY', 'SIGNATORY', 'SPEAKER')) c
    WHERE cc."actor_id" = c."actor_id" AND cc."claim_id" = c."claim_id"
      AND NOT EXISTS (SELECT 1 FROM "claim_appearances" ca2 JOIN "statement_participants" sp2 ON sp2."statement_id" = ca2."statement_id"
        JOIN "statements" s2 ON s2."id" = ca2."statement_id"
        WHERE ca2."claim_id" = c."claim_id" AND sp2."actor_id" = c."actor_id" AND sp2."role" IN ('AUTHOR', 'LEAD_SIGNATORY', 'SIGNATORY', 'SPEAKER') AND ca2."statement_id" <> OLD."id");
  RETURN OLD;
END
$$;
