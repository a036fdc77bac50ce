ALTER TABLE `organizations` ADD `default_tenant_plan` text;--> statement-breakpoint
ALTER TABLE `organizations` ADD `webhook_defaults` text DEFAULT '{}' NOT NULL;