export { createIntakeRoutes } from './routes.js';
