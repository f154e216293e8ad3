ALTER TABLE "actor_aliases" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("alias", '')), 'A')) STORED;--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("name", '')), 'A')) STORED;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("text", '')), 'A')) STORED;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'B') || setweight(to_tsvector('english'::regconfig, coalesce("place", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("text", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("title", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("summary", '')), 'B')) STORED;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce("name", '')), 'A') || setweight(to_tsvector('english'::regconfig, coalesce("description", '')), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "actor_aliases_search_idx" ON "actor_aliases" USING gin ("search");--> statement-breakpoint
CREATE INDEX "actors_search_idx" ON "actors" USING gin ("search");--> statement-breakpoint
CREATE INDEX "claims_search_idx" ON "claims" USING gin ("search");--> statement-breakpoint
CREATE INDEX "events_span_idx" ON "events" USING gist (daterange("start_earliest", coalesce("end_latest", "start_latest"), '[]'));--> statement-breakpoint
CREATE INDEX "events_kind_order_idx" ON "events" USING btree ("kind","start_earliest","start_rank","id");--> statement-breakpoint
CREATE INDEX "events_search_idx" ON "events" USING gin ("search");--> statement-breakpoint
CREATE INDEX "sources_search_idx" ON "sources" USING gin ("search");--> statement-breakpoint
CREATE INDEX "statements_span_idx" ON "statements" USING gist (daterange("date_earliest", "date_latest", '[]'));--> statement-breakpoint
CREATE INDEX "statements_kind_order_idx" ON "statements" USING btree ("kind","date_earliest","date_rank","id");--> statement-breakpoint
CREATE INDEX "statements_search_idx" ON "statements" USING gin ("search");--> statement-breakpoint
CREATE INDEX "topics_search_idx" ON "topics" USING gin ("search");