-- The search folding changed (shared/src/domain/search-folding.ts): a Greek word that starts with μπ, ντ
-- or γκ is indexed with b, d, g too (Μπακογιάννης: "bakogiannis" beside the passport's "mpakogiannis").
-- As in 0013, search columns derived by the old folding are cleared: NULL means "not indexed yet", and
-- the API derives them again at start-up before it answers (createDirectorySearchRepository(db)
-- .rebuild(), onlyMissing); the FTS triggers of 0002 take the old words out of the index.
-- Unlike 0013, only the rows whose folding changed: those with μπ, ντ or γκ, in either case, in a value
-- their columns are derived from (the name; a clinician's hospital name and city, in search_text: the
-- hospitals cleared first; specialty and country names are English). Anywhere in the value, a superset
-- of the word-initial ones, which GLOB cannot tell apart. So a directory with few Greek names pays one scan at the upgrade, not
-- the rebuild of every row that 0013 cost (100k clinicians: 1.4 s here, 3.0 s at start-up).
-- Dry runs not committed yet: their rows with such values are marked as derived from no hospital
-- version, as in 0013, so that the commit derives their search columns again.
-- Safe to run again (a test replays the migrations after 0008).
UPDATE `hospitals` SET `search_name` = NULL, `search_text` = NULL
 WHERE `name` || ' ' || `city` GLOB '*[μΜ][πΠ]*'
    OR `name` || ' ' || `city` GLOB '*[νΝ][τΤ]*'
    OR `name` || ' ' || `city` GLOB '*[γΓ][κΚ]*';--> statement-breakpoint
UPDATE `clinicians` SET `search_name` = NULL, `search_text` = NULL
 WHERE `given_name` || ' ' || `family_name` GLOB '*[μΜ][πΠ]*'
    OR `given_name` || ' ' || `family_name` GLOB '*[νΝ][τΤ]*'
    OR `given_name` || ' ' || `family_name` GLOB '*[γΓ][κΚ]*'
    OR `hospital_id` IN (SELECT `id` FROM `hospitals` WHERE `search_name` IS NULL);--> statement-breakpoint
UPDATE `directory_import_rows` SET `data` = jsonb_set(`data`, '$.hospitalVersion', -1)
 WHERE `outcome` IN ('created', 'updated')
   AND `import_id` IN (SELECT `id` FROM `directory_imports` WHERE `status` = 'dry_run')
   AND ((`data`->>'givenName') || ' ' || (`data`->>'familyName') GLOB '*[μΜ][πΠ]*'
        OR (`data`->>'givenName') || ' ' || (`data`->>'familyName') GLOB '*[νΝ][τΤ]*'
        OR (`data`->>'givenName') || ' ' || (`data`->>'familyName') GLOB '*[γΓ][κΚ]*'
        OR `data`->>'hospitalId' IN (SELECT `id` FROM `hospitals` WHERE `search_name` IS NULL));
