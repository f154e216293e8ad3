CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_hash_unique" UNIQUE("hash"),
	CONSTRAINT "api_keys_role_valid" CHECK ("role" IN ('READER','EDITOR','ADMIN'))
);
--> statement-breakpoint
CREATE TABLE "change_entries" (
	"change_id" integer NOT NULL,
	"position" integer NOT NULL,
	"operation" text NOT NULL,
	"table_name" text NOT NULL,
	"row_key" jsonb NOT NULL,
	"node_type" text NOT NULL,
	"node_id" integer NOT NULL,
	"before" jsonb,
	"after" jsonb,
	CONSTRAINT "change_entries_change_id_position_pk" PRIMARY KEY("change_id","position"),
	CONSTRAINT "change_entries_operation_valid" CHECK ("operation" IN ('CREATE','UPDATE','DELETE'))
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"author" text NOT NULL,
	"mutation" text NOT NULL,
	"reverts_id" integer,
	CONSTRAINT "changes_revertsId_unique" UNIQUE("reverts_id")
);
--> statement-breakpoint
ALTER TABLE "actors" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "sources" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "statements" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "topics" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "change_entries" ADD CONSTRAINT "change_entries_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_reverts_id_changes_id_fk" FOREIGN KEY ("reverts_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_name_in_use" ON "api_keys" USING btree ("name") WHERE "api_keys"."revoked_at" IS NULL;--> statement-breakpoint
CREATE INDEX "change_entries_node_idx" ON "change_entries" USING btree ("node_type","node_id","change_id");--> statement-breakpoint
CREATE INDEX "change_entries_row_idx" ON "change_entries" USING btree ("table_name","row_key","change_id");--> statement-breakpoint
CREATE INDEX "changes_at_idx" ON "changes" USING btree ("at","id");--> statement-breakpoint
CREATE INDEX "changes_author_idx" ON "changes" USING btree ("author","at","id");