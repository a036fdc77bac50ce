import type { AppRouteHandler } from "../../lib/types.ts";
import { deletePlan, findPlan, putPlan, readPlans } from "../../plans/plan-store.ts";
import { adminPlanView, planView } from "../../plans/plan-view.ts";
import type {
  AdminDeletePlanRoute,
  AdminGetPlanRoute,
  AdminListPlansRoute,
  AdminPutPlanRoute,
  ListPlansRoute,
} from "./plans.routes.ts";

export const listPlans: AppRouteHandler<ListPlansRoute> = async (c) => {
  const { plans, defaultPlan } = await readPlans(c.get("db"));
  const data = Object.entries(plans).map(([name, plan]) => planView(name, plan, defaultPlan));
  return c.json({ data }, 200);
};

export const adminListPlans: AppRouteHandler<AdminListPlansRoute> = async (c) => {
  const { plans, defaultPlan } = await readPlans(c.get("db"));
  const data = Object.entries(plans).map(([name, plan]) => adminPlanView(name, plan, defaultPlan));
  return c.json({ data }, 200);
};

export const adminGetPlan: AppRouteHandler<AdminGetPlanRoute> = async (c) => {
  const { name } = c.req.valid("param");
  const db = c.get("db");
  const plan = await findPlan(db, name);
  const { defaultPlan } = await readPlans(db);
  return c.json(adminPlanView(name, plan, defaultPlan), 200);
};

export const adminPutPlan: AppRouteHandler<AdminPutPlanRoute> = async (c) => {
  const { name } = c.req.valid("param");
  const db = c.get("db");
  const plan = await putPlan(db, name, c.req.valid("json"), c.get("requestId"));
  const { defaultPlan } = await readPlans(db);
  return c.json(adminPlanView(name, plan, defaultPlan), 200);
};

export const adminDeletePlan: AppRouteHandler<AdminDeletePlanRoute> = async (c) => {
  await deletePlan(c.get("db"), c.req.valid("param").name, c.get("requestId"));
  return c.body(null, 204);
};
