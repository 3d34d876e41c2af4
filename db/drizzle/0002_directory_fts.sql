-- Full-text search over the directory (FTS5). Folding (transliteration, variant spellings) needs JS,
-- and triggers cannot call JS: the repositories write the folded words into search_name/search_text,
-- and these triggers copy them into the FTS index. The index is "external content" (it stores no copy
-- of the text), so a trigger must remove exactly the values it once added: every change goes through
-- the triggers below, including rows inserted by raw SQL (indexed with NULL until rebuilt).
-- prefix='1 2 3': type-ahead queries ("k", "ko", "kow") read prefix indexes instead of scanning terms.
CREATE VIRTUAL TABLE `clinicians_fts` USING fts5(
	search_name, search_text, content='clinicians', content_rowid='id', tokenize='ascii', prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `clinicians_fts_ai` AFTER INSERT ON `clinicians` BEGIN
	INSERT INTO clinicians_fts(rowid, search_name, search_text) VALUES (new.id, new.search_name, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `clinicians_fts_ad` AFTER DELETE ON `clinicians` BEGIN
	INSERT INTO clinicians_fts(clinicians_fts, rowid, search_name, search_text) VALUES ('delete', old.id, old.search_name, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `clinicians_fts_au` AFTER UPDATE OF search_name, search_text ON `clinicians` BEGIN
	INSERT INTO clinicians_fts(clinicians_fts, rowid, search_name, search_text) VALUES ('delete', old.id, old.search_name, old.search_text);
	INSERT INTO clinicians_fts(rowid, search_name, search_text) VALUES (new.id, new.search_name, new.search_text);
END;
--> statement-breakpoint
INSERT INTO clinicians_fts(clinicians_fts) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `hospitals_fts` USING fts5(
	search_name, search_text, content='hospitals', content_rowid='id', tokenize='ascii', prefix='1 2 3'
);
--> statement-breakpoint
CREATE TRIGGER `hospitals_fts_ai` AFTER INSERT ON `hospitals` BEGIN
	INSERT INTO hospitals_fts(rowid, search_name, search_text) VALUES (new.id, new.search_name, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `hospitals_fts_ad` AFTER DELETE ON `hospitals` BEGIN
	INSERT INTO hospitals_fts(hospitals_fts, rowid, search_name, search_text) VALUES ('delete', old.id, old.search_name, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `hospitals_fts_au` AFTER UPDATE OF search_name, search_text ON `hospitals` BEGIN
	INSERT INTO hospitals_fts(hospitals_fts, rowid, search_name, search_text) VALUES ('delete', old.id, old.search_name, old.search_text);
	INSERT INTO hospitals_fts(rowid, search_name, search_text) VALUES (new.id, new.search_name, new.search_text);
END;
--> statement-breakpoint
INSERT INTO hospitals_fts(hospitals_fts) VALUES ('rebuild');
