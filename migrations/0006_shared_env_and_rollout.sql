ALTER TABLE `deployments` ADD `rollout` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `env_ciphertext` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `env_keys` text DEFAULT '[]' NOT NULL;