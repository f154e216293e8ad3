CREATE TABLE "actor_aliases" (
	"actor_id" integer NOT NULL,
	"alias" text NOT NULL,
	"position" smallint NOT NULL,
	CONSTRAINT "actor_aliases_actor_id_alias_pk" PRIMARY KEY("actor_id","alias")
);
--> statement-breakpoint
CREATE TABLE "actors" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	CONSTRAINT "actors_slug_unique" UNIQUE("slug"),
	CONSTRAINT "actors_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "actors_kind_valid" CHECK ("kind" IN ('PERSON','ORGANIZATION','COALITION','STATE','GOVERNMENT_BODY','INTERGOVERNMENTAL_ORGANIZATION','MEDIA_OUTLET','GROUP'))
);
--> statement-breakpoint
CREATE TABLE "affiliations" (
	"id" serial PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"organization_id" integer NOT NULL,
	"role" text,
	"since_edtf" text,
	"since_earliest" date,
	"since_latest" date,
	"since_precision" text,
	"since_note" text,
	"until_edtf" text,
	"until_earliest" date,
	"until_latest" date,
	"until_precision" text,
	"until_note" text,
	CONSTRAINT "affiliations_member_org_role" UNIQUE NULLS NOT DISTINCT("member_id","organization_id","role"),
	CONSTRAINT "affiliations_not_self" CHECK ("affiliations"."member_id" <> "affiliations"."organization_id"),
	CONSTRAINT "affiliations_since_complete" CHECK (("since_edtf" IS NULL AND "since_earliest" IS NULL AND "since_latest" IS NULL AND "since_precision" IS NULL) OR ("since_edtf" IS NOT NULL AND "since_earliest" IS NOT NULL AND "since_latest" IS NOT NULL AND "since_precision" IS NOT NULL)),
	CONSTRAINT "affiliations_since_precision_valid" CHECK ("since_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "affiliations_since_range" CHECK ("since_earliest" <= "since_latest"),
	CONSTRAINT "affiliations_until_complete" CHECK (("until_edtf" IS NULL AND "until_earliest" IS NULL AND "until_latest" IS NULL AND "until_precision" IS NULL) OR ("until_edtf" IS NOT NULL AND "until_earliest" IS NOT NULL AND "until_latest" IS NOT NULL AND "until_precision" IS NOT NULL)),
	CONSTRAINT "affiliations_until_precision_valid" CHECK ("until_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "affiliations_until_range" CHECK ("until_earliest" <= "until_latest")
);
--> statement-breakpoint
CREATE TABLE "appearance_excerpts" (
	"appearance_id" integer NOT NULL,
	"excerpt_id" integer NOT NULL,
	CONSTRAINT "appearance_excerpts_appearance_id_excerpt_id_pk" PRIMARY KEY("appearance_id","excerpt_id")
);
--> statement-breakpoint
CREATE TABLE "claim_appearances" (
	"id" serial PRIMARY KEY NOT NULL,
	"claim_id" integer NOT NULL,
	"statement_id" integer NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "claim_appearances_claim_statement" UNIQUE("claim_id","statement_id")
);
--> statement-breakpoint
CREATE TABLE "claim_events" (
	"claim_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	CONSTRAINT "claim_events_claim_id_event_id_pk" PRIMARY KEY("claim_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "claim_relations" (
	"id" serial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"from_claim_id" integer NOT NULL,
	"to_claim_id" integer NOT NULL,
	"statement_id" integer,
	"note" text,
	"created_on" date DEFAULT CURRENT_DATE NOT NULL,
	CONSTRAINT "claim_relations_unique" UNIQUE("from_claim_id","to_claim_id","kind"),
	CONSTRAINT "claim_relations_kind_valid" CHECK ("kind" IN ('SUPPORTS','REBUTS','UNDERCUTS','CONTRADICTS','QUALIFIES','RESTATES')),
	CONSTRAINT "claim_relations_not_self" CHECK ("claim_relations"."from_claim_id" <> "claim_relations"."to_claim_id"),
	CONSTRAINT "claim_relations_editorial_note" CHECK ("claim_relations"."statement_id" IS NOT NULL OR "claim_relations"."note" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "claim_subjects" (
	"claim_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	CONSTRAINT "claim_subjects_claim_id_actor_id_pk" PRIMARY KEY("claim_id","actor_id")
);
--> statement-breakpoint
CREATE TABLE "claim_topics" (
	"claim_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"stance" text,
	CONSTRAINT "claim_topics_claim_id_topic_id_pk" PRIMARY KEY("claim_id","topic_id"),
	CONSTRAINT "claim_topics_stance_valid" CHECK ("stance" IN ('FOR','AGAINST','CONDITIONAL','NEUTRAL'))
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	CONSTRAINT "claims_slug_unique" UNIQUE("slug"),
	CONSTRAINT "claims_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "claims_kind_valid" CHECK ("kind" IN ('FACTUAL','NORMATIVE','COMMITMENT','PREDICTION'))
);
--> statement-breakpoint
CREATE TABLE "event_excerpts" (
	"event_id" integer NOT NULL,
	"excerpt_id" integer NOT NULL,
	CONSTRAINT "event_excerpts_event_id_excerpt_id_pk" PRIMARY KEY("event_id","excerpt_id")
);
--> statement-breakpoint
CREATE TABLE "event_participants" (
	"event_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	"role" text NOT NULL,
	"position" smallint NOT NULL,
	CONSTRAINT "event_participants_event_id_actor_id_role_pk" PRIMARY KEY("event_id","actor_id","role"),
	CONSTRAINT "event_participants_role_valid" CHECK ("role" IN ('INITIATOR','TARGET','PARTICIPANT','MEDIATOR','AFFECTED'))
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"description" text,
	"start_edtf" text,
	"start_earliest" date,
	"start_latest" date,
	"start_precision" text,
	"start_note" text,
	"start_rank" smallint GENERATED ALWAYS AS (CASE "start_precision" WHEN 'DECADE' THEN 0 WHEN 'YEAR' THEN 1 WHEN 'MONTH' THEN 2 WHEN 'DAY' THEN 3 END) STORED,
	"end_edtf" text,
	"end_earliest" date,
	"end_latest" date,
	"end_precision" text,
	"end_note" text,
	"place" text,
	"parent_id" integer,
	CONSTRAINT "events_slug_unique" UNIQUE("slug"),
	CONSTRAINT "events_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "events_kind_valid" CHECK ("kind" IN ('ARMED_CONFLICT','MILITARY_OPERATION','BLOCKADE','DISPLACEMENT','DETENTION','PEACE_PLAN','CEASEFIRE','DIPLOMATIC','MEETING','OTHER')),
	CONSTRAINT "events_not_own_parent" CHECK ("events"."parent_id" <> "events"."id"),
	CONSTRAINT "events_start_complete" CHECK ("start_edtf" IS NOT NULL AND "start_earliest" IS NOT NULL AND "start_latest" IS NOT NULL AND "start_precision" IS NOT NULL),
	CONSTRAINT "events_start_precision_valid" CHECK ("start_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "events_start_range" CHECK ("start_earliest" <= "start_latest"),
	CONSTRAINT "events_end_complete" CHECK (("end_edtf" IS NULL AND "end_earliest" IS NULL AND "end_latest" IS NULL AND "end_precision" IS NULL) OR ("end_edtf" IS NOT NULL AND "end_earliest" IS NOT NULL AND "end_latest" IS NOT NULL AND "end_precision" IS NOT NULL)),
	CONSTRAINT "events_end_precision_valid" CHECK ("end_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "events_end_range" CHECK ("end_earliest" <= "end_latest")
);
--> statement-breakpoint
CREATE TABLE "excerpts" (
	"id" serial PRIMARY KEY NOT NULL,
	"source_id" integer NOT NULL,
	"start" integer NOT NULL,
	"end" integer NOT NULL,
	"quote" text NOT NULL,
	"prefix" text NOT NULL,
	"suffix" text NOT NULL,
	CONSTRAINT "excerpts_span" UNIQUE("source_id","start","end"),
	CONSTRAINT "excerpts_span_valid" CHECK ("excerpts"."start" >= 0 AND "excerpts"."end" > "excerpts"."start")
);
--> statement-breakpoint
CREATE TABLE "sources" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"publisher_id" integer,
	"url" text,
	"published_edtf" text,
	"published_earliest" date,
	"published_latest" date,
	"published_precision" text,
	"published_note" text,
	"file_name" text,
	"text" text NOT NULL,
	CONSTRAINT "sources_slug_unique" UNIQUE("slug"),
	CONSTRAINT "sources_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "sources_kind_valid" CHECK ("kind" IN ('NEWS_ARTICLE','PRESS_RELEASE','STATEMENT_DOCUMENT','TRANSCRIPT','OTHER')),
	CONSTRAINT "sources_published_complete" CHECK (("published_edtf" IS NULL AND "published_earliest" IS NULL AND "published_latest" IS NULL AND "published_precision" IS NULL) OR ("published_edtf" IS NOT NULL AND "published_earliest" IS NOT NULL AND "published_latest" IS NOT NULL AND "published_precision" IS NOT NULL)),
	CONSTRAINT "sources_published_precision_valid" CHECK ("published_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "sources_published_range" CHECK ("published_earliest" <= "published_latest")
);
--> statement-breakpoint
CREATE TABLE "statement_events" (
	"statement_id" integer NOT NULL,
	"event_id" integer NOT NULL,
	CONSTRAINT "statement_events_statement_id_event_id_pk" PRIMARY KEY("statement_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "statement_excerpts" (
	"statement_id" integer NOT NULL,
	"excerpt_id" integer NOT NULL,
	CONSTRAINT "statement_excerpts_statement_id_excerpt_id_pk" PRIMARY KEY("statement_id","excerpt_id")
);
--> statement-breakpoint
CREATE TABLE "statement_participants" (
	"statement_id" integer NOT NULL,
	"actor_id" integer NOT NULL,
	"role" text NOT NULL,
	"position" smallint NOT NULL,
	CONSTRAINT "statement_participants_statement_id_actor_id_role_pk" PRIMARY KEY("statement_id","actor_id","role"),
	CONSTRAINT "statement_participants_role_valid" CHECK ("role" IN ('AUTHOR','LEAD_SIGNATORY','SIGNATORY','SPEAKER','PUBLISHER','INTERVIEWER','REPORTER'))
);
--> statement-breakpoint
CREATE TABLE "statement_responses" (
	"statement_id" integer NOT NULL,
	"responds_to_id" integer NOT NULL,
	CONSTRAINT "statement_responses_statement_id_responds_to_id_pk" PRIMARY KEY("statement_id","responds_to_id"),
	CONSTRAINT "statement_responses_not_self" CHECK ("statement_responses"."statement_id" <> "statement_responses"."responds_to_id")
);
--> statement-breakpoint
CREATE TABLE "statements" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"date_edtf" text,
	"date_earliest" date,
	"date_latest" date,
	"date_precision" text,
	"date_note" text,
	"date_rank" smallint GENERATED ALWAYS AS (CASE "date_precision" WHEN 'DECADE' THEN 0 WHEN 'YEAR' THEN 1 WHEN 'MONTH' THEN 2 WHEN 'DAY' THEN 3 END) STORED,
	"summary" text,
	CONSTRAINT "statements_slug_unique" UNIQUE("slug"),
	CONSTRAINT "statements_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
	CONSTRAINT "statements_kind_valid" CHECK ("kind" IN ('JOINT_STATEMENT','PRESS_RELEASE','INTERVIEW','SPEECH','REMARKS','REPORT','ARTICLE','LETTER','SOCIAL_MEDIA_POST','OTHER')),
	CONSTRAINT "statements_date_complete" CHECK ("date_edtf" IS NOT NULL AND "date_earliest" IS NOT NULL AND "date_latest" IS NOT NULL AND "date_precision" IS NOT NULL),
	CONSTRAINT "statements_date_precision_valid" CHECK ("date_precision" IN ('DAY','MONTH','YEAR','DECADE')),
	CONSTRAINT "statements_date_range" CHECK ("date_earliest" <= "date_latest")
);
--> statement-breakpoint
CREATE TABLE "topics" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	CONSTRAINT "topics_slug_unique" UNIQUE("slug"),
	CONSTRAINT "topics_slug_shape" CHECK ("slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
);
--> statement-breakpoint
ALTER TABLE "actor_aliases" ADD CONSTRAINT "actor_aliases_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliations" ADD CONSTRAINT "affiliations_member_id_actors_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "affiliations" ADD CONSTRAINT "affiliations_organization_id_actors_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appearance_excerpts" ADD CONSTRAINT "appearance_excerpts_appearance_id_claim_appearances_id_fk" FOREIGN KEY ("appearance_id") REFERENCES "public"."claim_appearances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "appearance_excerpts" ADD CONSTRAINT "appearance_excerpts_excerpt_id_excerpts_id_fk" FOREIGN KEY ("excerpt_id") REFERENCES "public"."excerpts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_appearances" ADD CONSTRAINT "claim_appearances_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_appearances" ADD CONSTRAINT "claim_appearances_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_events" ADD CONSTRAINT "claim_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_relations" ADD CONSTRAINT "claim_relations_from_claim_id_claims_id_fk" FOREIGN KEY ("from_claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_relations" ADD CONSTRAINT "claim_relations_to_claim_id_claims_id_fk" FOREIGN KEY ("to_claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_relations" ADD CONSTRAINT "claim_relations_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_subjects" ADD CONSTRAINT "claim_subjects_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_subjects" ADD CONSTRAINT "claim_subjects_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_topics" ADD CONSTRAINT "claim_topics_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claim_topics" ADD CONSTRAINT "claim_topics_topic_id_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_excerpts" ADD CONSTRAINT "event_excerpts_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_excerpts" ADD CONSTRAINT "event_excerpts_excerpt_id_excerpts_id_fk" FOREIGN KEY ("excerpt_id") REFERENCES "public"."excerpts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_participants" ADD CONSTRAINT "event_participants_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_parent_id_events_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "excerpts" ADD CONSTRAINT "excerpts_source_id_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sources" ADD CONSTRAINT "sources_publisher_id_actors_id_fk" FOREIGN KEY ("publisher_id") REFERENCES "public"."actors"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_events" ADD CONSTRAINT "statement_events_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_events" ADD CONSTRAINT "statement_events_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_excerpts" ADD CONSTRAINT "statement_excerpts_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_excerpts" ADD CONSTRAINT "statement_excerpts_excerpt_id_excerpts_id_fk" FOREIGN KEY ("excerpt_id") REFERENCES "public"."excerpts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_participants" ADD CONSTRAINT "statement_participants_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_participants" ADD CONSTRAINT "statement_participants_actor_id_actors_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."actors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_responses" ADD CONSTRAINT "statement_responses_statement_id_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "statement_responses" ADD CONSTRAINT "statement_responses_responds_to_id_statements_id_fk" FOREIGN KEY ("responds_to_id") REFERENCES "public"."statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actors_name_idx" ON "actors" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "affiliations_organization_idx" ON "affiliations" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "claim_appearances_statement_idx" ON "claim_appearances" USING btree ("statement_id","position","claim_id");--> statement-breakpoint
CREATE INDEX "claim_events_event_idx" ON "claim_events" USING btree ("event_id","claim_id");--> statement-breakpoint
CREATE INDEX "claim_relations_to_idx" ON "claim_relations" USING btree ("to_claim_id");--> statement-breakpoint
CREATE INDEX "claim_subjects_actor_idx" ON "claim_subjects" USING btree ("actor_id","claim_id");--> statement-breakpoint
CREATE INDEX "claim_topics_topic_idx" ON "claim_topics" USING btree ("topic_id","claim_id");--> statement-breakpoint
CREATE INDEX "event_participants_actor_idx" ON "event_participants" USING btree ("actor_id","event_id");--> statement-breakpoint
CREATE INDEX "events_start_order_idx" ON "events" USING btree ("start_earliest","start_rank","id");--> statement-breakpoint
CREATE INDEX "events_start_range_idx" ON "events" USING btree ("start_earliest","start_latest");--> statement-breakpoint
CREATE INDEX "events_parent_idx" ON "events" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "sources_title_idx" ON "sources" USING btree ("title","id");--> statement-breakpoint
CREATE INDEX "statement_events_event_idx" ON "statement_events" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "statement_participants_actor_idx" ON "statement_participants" USING btree ("actor_id","statement_id");--> statement-breakpoint
CREATE INDEX "statement_responses_target_idx" ON "statement_responses" USING btree ("responds_to_id");--> statement-breakpoint
CREATE INDEX "statements_date_order_idx" ON "statements" USING btree ("date_earliest","date_rank","id");--> statement-breakpoint
CREATE INDEX "statements_date_range_idx" ON "statements" USING btree ("date_earliest","date_latest");--> statement-breakpoint
CREATE INDEX "topics_name_idx" ON "topics" USING btree ("name","id");