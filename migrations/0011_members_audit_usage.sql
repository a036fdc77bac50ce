CREATE TABLE `usage_requests_daily` (
	`organization_id` text NOT NULL,
	`day` text NOT NULL,
	`requests` integer NOT NULL,
	PRIMARY KEY(`organization_id`, `day`)
);
--> statement-breakpoint
DROP INDEX `users_issuer_subject_unique`;--> statement-breakpoint
ALTER TABLE `users` ADD `role` text DEFAULT 'viewer' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `users_org_issuer_subject_unique` ON `users` (`organization_id`,`issuer`,`subject`);--> statement-breakpoint
CREATE INDEX `users_issuer_subject_idx` ON `users` (`issuer`,`subject`);--> statement-breakpoint
-- Existing users keep what their tokens granted, as the role with the same scopes.
UPDATE `users` SET `role` = CASE WHEN `scopes` LIKE '%"admin"%' THEN 'admin' WHEN `scopes` LIKE '%"write"%' THEN 'developer' ELSE 'viewer' END;--> statement-breakpoint
ALTER TABLE `users` DROP COLUMN `scopes`;--> statement-breakpoint
CREATE INDEX `audit_org_actor_created_idx` ON `audit_log` (`organization_id`,`actor`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_org_action_created_idx` ON `audit_log` (`organization_id`,`action`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_org_target_created_idx` ON `audit_log` (`organization_id`,`target_type`,`target_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `audit_created_idx` ON `audit_log` (`created_at`,`id`);