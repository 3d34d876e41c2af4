CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`role` text NOT NULL,
	`clinician_id` integer,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`last_used_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`fields` text,
	`request_id` text,
	`source_ip` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `clinician_languages` (
	`clinician_id` integer NOT NULL,
	`language` text NOT NULL,
	PRIMARY KEY(`clinician_id`, `language`),
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clinician_languages_idx` ON `clinician_languages` (`language`);--> statement-breakpoint
CREATE TABLE `clinician_networks` (
	`clinician_id` integer NOT NULL,
	`network` text NOT NULL,
	PRIMARY KEY(`clinician_id`, `network`),
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clinician_networks_idx` ON `clinician_networks` (`network`);--> statement-breakpoint
CREATE TABLE `clinician_specialties` (
	`clinician_id` integer NOT NULL,
	`specialty` text NOT NULL,
	PRIMARY KEY(`clinician_id`, `specialty`),
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `clinician_specialties_idx` ON `clinician_specialties` (`specialty`);--> statement-breakpoint
CREATE TABLE `clinicians` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text,
	`given_name` text NOT NULL,
	`family_name` text NOT NULL,
	`role` text NOT NULL,
	`hospital_id` integer NOT NULL,
	`email` text NOT NULL,
	`email_normalised` text NOT NULL,
	`phone` text,
	`contact_person` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`privacy_notice_acknowledged_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clinicians_email_idx` ON `clinicians` (`email_normalised`);--> statement-breakpoint
CREATE INDEX `clinicians_hospital_idx` ON `clinicians` (`hospital_id`);--> statement-breakpoint
CREATE INDEX `clinicians_name_idx` ON `clinicians` (`family_name`,`given_name`);--> statement-breakpoint
CREATE TABLE `countries` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`time_zone` text NOT NULL,
	`membership` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `hospital_networks` (
	`hospital_id` integer NOT NULL,
	`network` text NOT NULL,
	PRIMARY KEY(`hospital_id`, `network`),
	FOREIGN KEY (`hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `hospital_networks_network_idx` ON `hospital_networks` (`network`);--> statement-breakpoint
CREATE TABLE `hospitals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`country_code` text NOT NULL,
	`reference_centre` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`country_code`) REFERENCES `countries`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `hospitals_country_idx` ON `hospitals` (`country_code`,`name`);--> statement-breakpoint
CREATE TABLE `host_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	`capacity` integer DEFAULT 100 NOT NULL,
	`webinar_capable` integer DEFAULT false NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `host_accounts_email_unique` ON `host_accounts` (`email`);--> statement-breakpoint
CREATE TABLE `booking_participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`booking_id` integer NOT NULL,
	`clinician_id` integer,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	FOREIGN KEY (`booking_id`) REFERENCES `bookings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `booking_participants_booking_idx` ON `booking_participants` (`booking_id`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`state` text NOT NULL,
	`host_account_id` integer NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	`hold_start` text NOT NULL,
	`hold_end` text NOT NULL,
	`time_zone` text NOT NULL,
	`series_id` text,
	`meeting_provider` text NOT NULL,
	`meeting_id` text,
	`join_url` text,
	`meeting_number` text,
	`meeting_password` text,
	`sip_address` text,
	`dial_in` text,
	`calendar_provider` text NOT NULL,
	`calendar_event_id` text,
	`ical_uid` text NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`failure_reason` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `conference_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`host_account_id`) REFERENCES `host_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `bookings_host_hold_idx` ON `bookings` (`host_account_id`,`hold_start`,`hold_end`);--> statement-breakpoint
CREATE INDEX `bookings_request_idx` ON `bookings` (`request_id`);--> statement-breakpoint
CREATE INDEX `bookings_state_idx` ON `bookings` (`state`);--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_ical_uid_idx` ON `bookings` (`ical_uid`);--> statement-breakpoint
CREATE TABLE `conference_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`requester_id` integer,
	`kind` text NOT NULL,
	`topic` text NOT NULL,
	`notes` text,
	`duration_minutes` integer NOT NULL,
	`time_zone` text NOT NULL,
	`source` text NOT NULL,
	`source_message_id` text,
	`status` text NOT NULL,
	`status_reason` text,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`closed_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`requester_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `conference_requests_message_idx` ON `conference_requests` (`source_message_id`);--> statement-breakpoint
CREATE INDEX `conference_requests_status_idx` ON `conference_requests` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `conference_requests_requester_idx` ON `conference_requests` (`requester_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope_key` text PRIMARY KEY NOT NULL,
	`request_hash` text NOT NULL,
	`status_code` integer,
	`response_body` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `request_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text,
	`actor` text NOT NULL,
	`actor_role` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `conference_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_events_request_idx` ON `request_events` (`request_id`);--> statement-breakpoint
CREATE TABLE `request_invitees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`clinician_id` integer,
	`via_hospital_id` integer,
	`email` text NOT NULL,
	`display_name` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `conference_requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`clinician_id`) REFERENCES `clinicians`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`via_hospital_id`) REFERENCES `hospitals`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_invitees_request_idx` ON `request_invitees` (`request_id`);--> statement-breakpoint
CREATE INDEX `request_invitees_clinician_idx` ON `request_invitees` (`clinician_id`);--> statement-breakpoint
CREATE TABLE `request_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`start` text NOT NULL,
	`end` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `conference_requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_windows_request_idx` ON `request_windows` (`request_id`);