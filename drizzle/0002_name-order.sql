DROP INDEX "actors_name_idx";--> statement-breakpoint
DROP INDEX "sources_title_idx";--> statement-breakpoint
DROP INDEX "topics_name_idx";--> statement-breakpoint
CREATE INDEX "actors_name_idx" ON "actors" USING btree ("name" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "sources_title_idx" ON "sources" USING btree ("title" COLLATE "C","id");--> statement-breakpoint
CREATE INDEX "topics_name_idx" ON "topics" USING btree ("name" COLLATE "C","id");