ALTER TABLE `request_invitees` ADD `time_zone` text;--> statement-breakpoint
ALTER TABLE `request_invitees` ADD `country_code` text;