-- Hand-edited: drizzle-kit 0.31 splits an index expression at its comma. The listings sort by
-- coalesce(sort_name, ''): an index on that expression serves their pages (see schema/directory.ts).
-- Safe to run again (a test replays the migrations after 0008).
DROP INDEX IF EXISTS `clinicians_sort_idx`;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS `clinicians_updated_idx` ON `clinicians` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `clinicians_sort_idx` ON `clinicians` (coalesce(`sort_name`, ''),`id`);--> statement-breakpoint
DROP INDEX IF EXISTS `hospitals_sort_idx`;--> statement-breakpoint
CREATE INDEX `hospitals_sort_idx` ON `hospitals` (coalesce(`sort_name`, ''),`id`);
