PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_services` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`name` text NOT NULL,
	`source` text NOT NULL,
	`kind` text DEFAULT 'web' NOT NULL,
	`port` integer,
	`health_path` text NOT NULL,
	`public` integer DEFAULT false NOT NULL,
	`replicas` integer,
	`schedule` text,
	`command` text,
	`concurrency_policy` text,
	`restarted_at` text,
	`env_ciphertext` text,
	`env_keys` text NOT NULL,
	`release_command` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_services`("id", "tenant_id", "name", "source", "port", "health_path", "env_ciphertext", "env_keys", "release_command", "created_at", "updated_at") SELECT "id", "tenant_id", "name", "source", "port", "health_path", "env_ciphertext", "env_keys", "release_command", "created_at", "updated_at" FROM `services`;--> statement-breakpoint
DROP TABLE `services`;--> statement-breakpoint
ALTER TABLE `__new_services` RENAME TO `services`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `services_tenant_name_unique` ON `services` (`tenant_id`,`name`);--> statement-breakpoint
UPDATE `services` SET `public` = true WHERE `id` IN (SELECT `id` FROM `services` AS `s` WHERE NOT EXISTS (SELECT 1 FROM `services` AS `earlier` WHERE `earlier`.`tenant_id` = `s`.`tenant_id` AND (`earlier`.`created_at` < `s`.`created_at` OR (`earlier`.`created_at` = `s`.`created_at` AND `earlier`.`name` < `s`.`name`))));