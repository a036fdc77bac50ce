CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`host` text,
	`secret_ciphertext` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `organizations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `credentials_tenant_name_unique` ON `credentials` (`tenant_id`,`name`);--> statement-breakpoint
ALTER TABLE `tenants` ADD `database_pooling` integer;--> statement-breakpoint
ALTER TABLE `tenants` ADD `database_password_ciphertext` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `database_password_rotated_at` text;