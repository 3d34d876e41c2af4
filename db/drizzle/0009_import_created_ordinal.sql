ALTER TABLE `directory_import_rows` ADD `created_ordinal` integer;--> statement-breakpoint
-- Dry runs stored before this column existed stay committable: number their created rows in file order.
UPDATE `directory_import_rows` SET `created_ordinal` = o.n
  FROM (SELECT `import_id` AS i, `row_number` AS r,
               row_number() OVER (PARTITION BY `import_id` ORDER BY `row_number`) - 1 AS n
          FROM `directory_import_rows` WHERE `outcome` = 'created') AS o
 WHERE `import_id` = o.i AND `row_number` = o.r
   AND `import_id` IN (SELECT `id` FROM `directory_imports` WHERE `status` = 'dry_run');
