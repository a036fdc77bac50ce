ALTER TABLE `deployments` ADD `trigger` text DEFAULT 'create' NOT NULL;--> statement-breakpoint
ALTER TABLE `deployments` ADD `services` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `last_deployment_id` text;--> statement-breakpoint
ALTER TABLE `tenants` ADD `serving_deployment_id` text;--> statement-breakpoint
UPDATE `deployments` SET `trigger` = 'delete' WHERE `kind` = 'deprovision';--> statement-breakpoint
UPDATE `deployments` SET `trigger` = 'redeploy' WHERE `kind` = 'provision' AND `id` != (SELECT `first`.`id` FROM `deployments` AS `first` WHERE `first`.`tenant_id` = `deployments`.`tenant_id` ORDER BY `first`.`created_at`, `first`.`id` LIMIT 1);--> statement-breakpoint
UPDATE `tenants` SET `last_deployment_id` = (SELECT `d`.`id` FROM `deployments` AS `d` WHERE `d`.`tenant_id` = `tenants`.`id` ORDER BY `d`.`created_at` DESC, `d`.`id` DESC LIMIT 1);--> statement-breakpoint
UPDATE `tenants` SET `serving_deployment_id` = (SELECT `d`.`id` FROM `deployments` AS `d` WHERE `d`.`tenant_id` = `tenants`.`id` AND `d`.`kind` = 'provision' AND `d`.`status` = 'ready' ORDER BY `d`.`created_at` DESC, `d`.`id` DESC LIMIT 1);
