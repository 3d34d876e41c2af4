-- A revision number of the directory, raised by triggers on every change to its tables (from any code
-- path, including raw SQL such as the demo seed or an erasure). Search results are cached per revision:
-- reading one integer tells whether a cached type-ahead page is still exact.
CREATE TABLE `directory_revision` (
	`id` integer PRIMARY KEY NOT NULL CHECK (`id` = 1),
	`revision` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `directory_revision` (`id`, `revision`) VALUES (1, 1);
--> statement-breakpoint
CREATE TRIGGER `clinicians_revision_insert` AFTER INSERT ON `clinicians` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinicians_revision_update` AFTER UPDATE ON `clinicians` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinicians_revision_delete` AFTER DELETE ON `clinicians` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospitals_revision_insert` AFTER INSERT ON `hospitals` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospitals_revision_update` AFTER UPDATE ON `hospitals` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospitals_revision_delete` AFTER DELETE ON `hospitals` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_specialties_revision_insert` AFTER INSERT ON `clinician_specialties` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_specialties_revision_update` AFTER UPDATE ON `clinician_specialties` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_specialties_revision_delete` AFTER DELETE ON `clinician_specialties` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_languages_revision_insert` AFTER INSERT ON `clinician_languages` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_languages_revision_update` AFTER UPDATE ON `clinician_languages` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_languages_revision_delete` AFTER DELETE ON `clinician_languages` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_networks_revision_insert` AFTER INSERT ON `clinician_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_networks_revision_update` AFTER UPDATE ON `clinician_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `clinician_networks_revision_delete` AFTER DELETE ON `clinician_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospital_networks_revision_insert` AFTER INSERT ON `hospital_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospital_networks_revision_update` AFTER UPDATE ON `hospital_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
--> statement-breakpoint
CREATE TRIGGER `hospital_networks_revision_delete` AFTER DELETE ON `hospital_networks` BEGIN
	UPDATE directory_revision SET revision = revision + 1 WHERE id = 1;
END;
