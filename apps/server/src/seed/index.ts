import type { Store } from '../db/index.js';
import { seedDemoOrg } from './demo-org.js';

export { seedDemoOrg, demoAccounts, demoNodes, headlineAccounts, DEMO_PASSWORD, type DemoAccount } from './demo-org.js';

/** Seeds the demo district on an empty database; returns false (and changes nothing) otherwise. */
export async function seedDemo(store: Store): Promise<boolean> {
  return seedDemoOrg(store);
}
