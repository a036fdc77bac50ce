-- Objects created before these migrations already hold these tables (same columns, made by
-- hand-written DDL), so every statement leaves an existing table as it is.
CREATE TABLE IF NOT EXISTS `attempt_claims` (
	`attempt` integer PRIMARY KEY NOT NULL,
	`runner_id` text NOT NULL,
	`renewed_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `events` (
	`id` integer PRIMARY KEY NOT NULL,
	`origin` text NOT NULL,
	`attempt` integer NOT NULL,
	`seq` integer NOT NULL,
	`stage` text,
	`body` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS `events_origin_attempt_seq` ON `events` (`origin`,`attempt`,`seq`);--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `progress_state` (
	`singleton` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	CONSTRAINT "progress_state_singleton" CHECK("progress_state"."singleton" = 1)
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS `ws_tickets` (
	`hash` text PRIMARY KEY NOT NULL,
	`organization_id` text NOT NULL,
	`expires_at_ms` integer NOT NULL
);
