DROP INDEX `bookings_host_hold_idx`;--> statement-breakpoint
CREATE INDEX `bookings_host_hold_end_idx` ON `bookings` (`host_account_id`,`hold_end`,`hold_start`);