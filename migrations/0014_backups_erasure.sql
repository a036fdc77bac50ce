CREATE TABLE `backup_restores` (
	`deployment_id` text PRIMARY KEY NOT NULL,
	`backup_id` text NOT NULL,
	`into` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`backup_id`) REFERENCES `backups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `backups` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`deployment_id` text NOT NULL,
	`status` text NOT NULL,
	`origin` text NOT NULL,
	`engine` text NOT NULL,
	`object_key` text NOT NULL,
	`size_bytes` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`completed_at` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `backups_tenant_created_idx` ON `backups` (`tenant_id`,`created_at`,`id`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `erasure` text;--> statement-breakpoint
CREATE INDEX `tenants_slug_deleted_idx` ON `tenants` (`slug`,`deleted_at`);