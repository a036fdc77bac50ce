ALTER TABLE `api_keys` ADD `rate_limit` integer;--> statement-breakpoint
ALTER TABLE `organizations` ADD `plan` text;