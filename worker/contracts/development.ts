/**
 * The organization the local stack (`npm start`) creates for development; the dashboard's
 * local sign-in enters it, so both sides take its name from here.
 */
export const DEVELOPMENT_ORGANIZATION_NAME = "Development";
