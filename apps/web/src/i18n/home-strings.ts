import { addChineseStrings } from './index.ts';
import { zhCNHome } from './zh-CN-home.ts';

/** Imported (for this effect) by the home screen and ./later.ts: adds home's strings before they render. */
addChineseStrings(zhCNHome);
