CREATE TYPE "public"."gbts_stage" AS ENUM('seed_of_inquiry', 'branches_of_understanding', 'leaves_of_application', 'roots_of_connection', 'forest_of_exploration', 'canopy_of_synthesis', 'harvest_of_wisdom');--> statement-breakpoint
CREATE TYPE "public"."node_role" AS ENUM('user', 'assistant', 'agent', 'system');--> statement-breakpoint
CREATE TABLE "agents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"capabilities" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "conversation_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tree_id" uuid NOT NULL,
	"parent_id" uuid,
	"role" "node_role" NOT NULL,
	"message" text NOT NULL,
	"stage" "gbts_stage" NOT NULL,
	"depth" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversation_trees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"owner_id" uuid,
	"root_node_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "metrics" (
	"name" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "metrics_name_bucket_pk" PRIMARY KEY("name","bucket")
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"family_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "refresh_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sync_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mapping" text NOT NULL,
	"local_id" uuid NOT NULL,
	"notion_page_id" text NOT NULL,
	"fields" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" jsonb,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"workflow_id" text,
	"run_workflow_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_links" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"mapping" text NOT NULL,
	"local_id" uuid NOT NULL,
	"notion_page_id" text NOT NULL,
	"base" jsonb NOT NULL,
	"base_hash" text NOT NULL,
	"local_version" integer NOT NULL,
	"remote_edited_at" timestamp with time zone NOT NULL,
	"is_trashed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"workflow_id" text NOT NULL,
	"run_id" text NOT NULL,
	"mapping" text NOT NULL,
	"direction" text NOT NULL,
	"policy" text NOT NULL,
	"is_dry_run" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"success" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"conflicts" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"errors" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "sync_runs_workflow_id_run_id_pk" PRIMARY KEY("workflow_id","run_id")
);
--> statement-breakpoint
CREATE TABLE "sync_state" (
	"mapping" text PRIMARY KEY NOT NULL,
	"local_watermark" timestamp with time zone,
	"remote_watermark" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "conversation_nodes" ADD CONSTRAINT "conversation_nodes_tree_id_conversation_trees_id_fk" FOREIGN KEY ("tree_id") REFERENCES "public"."conversation_trees"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_nodes" ADD CONSTRAINT "conversation_nodes_parent_id_conversation_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."conversation_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agents_updated_at_idx" ON "agents" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "agents_role_idx" ON "agents" USING btree ("role");--> statement-breakpoint
CREATE INDEX "conversation_nodes_parent_idx" ON "conversation_nodes" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "conversation_nodes_tree_depth_idx" ON "conversation_nodes" USING btree ("tree_id","depth");--> statement-breakpoint
CREATE INDEX "event_log_type_created_idx" ON "event_log" USING btree ("type","created_at");--> statement-breakpoint
CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens" USING btree ("family_id");--> statement-breakpoint
CREATE INDEX "sync_conflicts_status_idx" ON "sync_conflicts" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_conflicts_open_uq" ON "sync_conflicts" USING btree ("mapping","local_id") WHERE status = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "sync_links_page_uq" ON "sync_links" USING btree ("notion_page_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sync_links_local_uq" ON "sync_links" USING btree ("mapping","local_id");--> statement-breakpoint
CREATE INDEX "sync_runs_started_idx" ON "sync_runs" USING btree ("started_at");