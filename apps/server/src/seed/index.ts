import type { Store } from '../db/index.js';
import type { AppConfig } from '../http/app-env.js';
import { applyDemoStories } from './apply-demo-stories.js';
import { seedDemoOrg } from './demo-org.js';

export { seedDemoOrg, demoAccounts, demoNodes, headlineAccounts, DEMO_PASSWORD, type DemoAccount } from './demo-org.js';

/**
 * Seeds the demo district, its accounts, and cases and work logs over last year and this one, on an empty
 * database. Returns false (and changes nothing) when the database already has accounts.
 */
export async function seedDemo(store: Store, config: AppConfig): Promise<boolean> {
  if (!(await seedDemoOrg(store))) return false;
  await applyDemoStories(store, config);
  return true;
}
