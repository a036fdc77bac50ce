CREATE TABLE `domains` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`domain` text NOT NULL,
	`status` text NOT NULL,
	`status_reason` text,
	`verification_token` text NOT NULL,
	`verified_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `domains_domain_unique` ON `domains` (`domain`);--> statement-breakpoint
CREATE INDEX `domains_tenant_idx` ON `domains` (`tenant_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `network_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`tenant_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`cidr` text NOT NULL,
	`protocol` text NOT NULL,
	`ports` text NOT NULL,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `network_rules_tenant_idx` ON `network_rules` (`tenant_id`,`created_at`);--> statement-breakpoint
-- Domains named at create were routed without proof of ownership: each live tenant's become
-- pending domains with their own challenge token, routed again once their DNS is verified.
INSERT OR IGNORE INTO `domains` (`id`, `tenant_id`, `organization_id`, `domain`, `status`, `verification_token`, `updated_at`)
SELECT 'dom_' || lower(hex(randomblob(10))), `tenants`.`id`, `tenants`.`organization_id`, `json_each`.`value`, 'pending_verification', lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM `tenants`, json_each(`tenants`.`domains`)
WHERE `tenants`.`deleted_at` IS NULL;--> statement-breakpoint
ALTER TABLE `tenants` DROP COLUMN `domains`;