/**
 * What the browser floor (package.json `browserslist`: Chromium 87, Safari 14) lacks and the app's code uses,
 * and nothing else: core-js's own modules (no entry point that would pull in more), plus crypto.randomUUID,
 * which core-js does not provide. eslint.config.js lists the same APIs as polyfilled, so the compat lint
 * passes them and flags any other API above the floor. Loaded only by browsers that lack one (load-polyfills.ts).
 */
import 'core-js/modules/es.array.at.js';
import 'core-js/modules/es.object.has-own.js';
import { installRandomUuid } from './random-uuid.ts';

installRandomUuid(globalThis.crypto);
