CREATE TABLE `directory_import_rows` (
	`import_id` text NOT NULL,
	`row_number` integer NOT NULL,
	`outcome` text NOT NULL,
	`clinician_id` integer,
	`email` text,
	`data` text,
	`details` text,
	PRIMARY KEY(`import_id`, `row_number`),
	FOREIGN KEY (`import_id`) REFERENCES `directory_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `directory_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`file_name` text,
	`format` text NOT NULL,
	`encoding` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`committed_by` text,
	`committed_at` text,
	`summary` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `directory_imports_created_idx` ON `directory_imports` (`created_at`);--> statement-breakpoint
ALTER TABLE `clinicians` ADD `search_name` text;--> statement-breakpoint
ALTER TABLE `clinicians` ADD `search_text` text;--> statement-breakpoint
ALTER TABLE `clinicians` ADD `sort_name` text;--> statement-breakpoint
CREATE INDEX `clinicians_sort_idx` ON `clinicians` (`sort_name`,`id`);--> statement-breakpoint
ALTER TABLE `hospitals` ADD `search_name` text;--> statement-breakpoint
ALTER TABLE `hospitals` ADD `search_text` text;--> statement-breakpoint
ALTER TABLE `hospitals` ADD `sort_name` text;--> statement-breakpoint
CREATE INDEX `hospitals_sort_idx` ON `hospitals` (`sort_name`,`id`);--> statement-breakpoint
CREATE INDEX `hospitals_country_sort_idx` ON `hospitals` (`country_code`,`sort_name`);