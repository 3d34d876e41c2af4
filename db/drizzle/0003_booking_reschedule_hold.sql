ALTER TABLE `bookings` ADD `previous_start` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `previous_end` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `previous_time_zone` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `previous_hold_start` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `previous_hold_end` text;--> statement-breakpoint
ALTER TABLE `bookings` ADD `cancel_reason` text;