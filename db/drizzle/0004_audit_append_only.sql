-- Audit rows are append-only (issue 8): no UPDATE or DELETE succeeds, whatever code path tries.
-- The one exception is erasure of a data subject (Regulation (EU) 2018/1725, art. 19): the erasure
-- transaction opens a window by inserting a row into audit_pseudonymisation_window, may then replace
-- actor / entity_id / details by keyed-hash pseudonyms, and closes the window before committing.
-- Even inside the window the row's id, time, action, entity and role cannot change, so counts stay.
CREATE TABLE `audit_pseudonymisation_window` (
	`id` integer PRIMARY KEY NOT NULL,
	`opened_at` text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
WHEN NOT EXISTS (SELECT 1 FROM `audit_pseudonymisation_window`)
  OR NEW.`id` IS NOT OLD.`id` OR NEW.`at` IS NOT OLD.`at` OR NEW.`action` IS NOT OLD.`action`
  OR NEW.`entity` IS NOT OLD.`entity` OR NEW.`actor_role` IS NOT OLD.`actor_role`
  OR NEW.`request_id` IS NOT OLD.`request_id`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
