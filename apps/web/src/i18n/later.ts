import './home-strings.ts';
import './account-strings.ts';
import { addChineseStrings } from './index.ts';
import { zhCNLater } from './zh-CN-later.ts';

/**
 * Imported (for this effect) by the lazily loaded screens that use the later Chinese strings: evaluating their chunk
 * adds the strings before the screen renders, and keeps ~5 KB gz of text out of the start bundle.
 */
addChineseStrings(zhCNLater);
