-- The search folding changed (shared/src/domain/search-folding.ts): symbols and emoji are no longer
-- transliterated into words (© was "c", ❤ "heart"); a name with an apostrophe is indexed joined too
-- (O'Brien: "obrien" beside "o brien"); Danish and Norwegian ø and å have a second spelling "oe", "aa";
-- and a sort key is cut at 255 characters (a longer one made a cursor the API refused).
-- As in 0015, only the rows whose folding can have changed lose their search columns (NULL: "not
-- indexed yet"; the API derives them again at start-up before it answers, and the FTS triggers of 0002
-- take the old words out of the index): those with a character outside printable ASCII, an apostrophe
-- or a backtick in a value their columns are derived from (the name; a clinician's hospital name and
-- city, in search_text: the hospitals cleared first; specialty and country names are plain English).
-- Dry runs not committed yet: their rows with such values are marked as derived from no hospital
-- version, as in 0013, so that the commit derives their search columns again.
-- Safe to run again.
UPDATE `hospitals` SET `search_name` = NULL, `search_text` = NULL
 WHERE `name` || ' ' || `city` GLOB '*[^ -~]*'
    OR `name` || ' ' || `city` GLOB '*[''`]*';--> statement-breakpoint
UPDATE `clinicians` SET `search_name` = NULL, `search_text` = NULL
 WHERE `given_name` || ' ' || `family_name` GLOB '*[^ -~]*'
    OR `given_name` || ' ' || `family_name` GLOB '*[''`]*'
    OR `hospital_id` IN (SELECT `id` FROM `hospitals` WHERE `search_name` IS NULL);--> statement-breakpoint
UPDATE `directory_import_rows` SET `data` = jsonb_set(`data`, '$.hospitalVersion', -1)
 WHERE `outcome` IN ('created', 'updated')
   AND `import_id` IN (SELECT `id` FROM `directory_imports` WHERE `status` = 'dry_run')
   AND ((`data`->>'givenName') || ' ' || (`data`->>'familyName') GLOB '*[^ -~]*'
        OR (`data`->>'givenName') || ' ' || (`data`->>'familyName') GLOB '*[''`]*'
        OR `data`->>'hospitalId' IN (SELECT `id` FROM `hospitals` WHERE `search_name` IS NULL));
