import { addChineseStrings } from './index.ts';
import { zhCNAccount } from './zh-CN-account.ts';

/** Imported (for this effect) by the sign-in screen, the password form and ./later.ts: adds their strings first. */
addChineseStrings(zhCNAccount);
