/** UI strings in Chinese (the default) the start bundle needs; the other screens' strings are in ./zh-CN-{home,account,later}.ts. Code-list labels and error texts are NOT here: they come from @tiaojie/domain. */
import type { zhCNAccount } from './zh-CN-account.ts';
import type { zhCNHome } from './zh-CN-home.ts';
import type { zhCNLater } from './zh-CN-later.ts';

export const zhCN = {
  app: { name: '调解' },
  common: {
    loading: '加载中…',
    save: '保存',
    saving: '正在保存…',
    cancel: '取消',
    choose: '请选择',
    lastUsed: '用上次的：{{choice}}',
    suggested: '按办理层级：{{choice}}',
    colon: '：',
    optional: '选填',
    notGiven: '未填',
    discardConfirm: '填写的内容还没有保存，确定放弃吗？',
    edit: '编辑',
    noChanges: '没有修改',
  },
  nav: { label: '主导航', home: '首页', cases: '案件', log: '台账', staff: '报表', settings: '我的' },
  sync: {
    online: '在线',
    offline: '离线',
    unsent_one: '{{count}} 条待同步',
    unsent_other: '{{count}} 条待同步',
    attention_one: '{{count}} 条需处理',
    attention_other: '{{count}} 条需处理',
    lastSync: '上次同步 {{when}}',
    never: '尚未同步',
    now: '立即同步',
    running: '正在同步…',
    unreachable: '连不上服务器',
    retrying: '稍后自动重试',
    synced: '已全部同步',
    offlineHint: '改动会保存在本机',
    savedHere_one: '{{count}} 条改动保存在本机',
    savedHere_other: '{{count}} 条改动保存在本机',
    sep: '，',
  },
  update: {
    available: '有新版本可用。',
    apply: '更新',
    blocked: {
      unsent: '还有未同步的记录，同步完成后才能更新。',
      'dirty-form': '有未保存的表单，保存或清空后才能更新。',
    },
  },
  staff: { unavailable: '报表功能尚未安装' },
  lock: {
    setTitle: '设置PIN码',
    setHint: '本机保存的当事人信息和照片将用PIN码（6位数字）加密。每次打开应用或一段时间未操作后，需要输入PIN码解锁。',
    repeat: '请再输入一次',
    mismatch: '两次输入的PIN码不一致，请重新设置',
    recoverTitle: '设置新的PIN码',
    recoverHint: '已通过密码登录验证身份，设置新的PIN码后即可继续使用本机数据。',
    title: '输入PIN码解锁',
    wrongPin: 'PIN码不正确，还可尝试{{count}}次',
    unlocking: '正在解锁…',
    digit: '数字{{digit}}',
    backspace: '删除',
    entered: '已输入{{count}}位',
    needSignIn: '请重新用密码登录后再设置PIN码。',
    signInAgain: '重新登录',
    idleTitle: '自动锁定',
    idleHint: '多长时间未操作后锁定应用（解锁需输入PIN码）',
    minutes: '{{count}}分钟',
  },
  error: { crashed: '页面出错了。本机数据不受影响。', reload: '重新加载' },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
/** All parts: the start bundle's strings here and those added with later chunks (./zh-CN-home.ts, ./zh-CN-account.ts, ./zh-CN-later.ts). */
export type Catalog = Widen<typeof zhCN & typeof zhCNHome & typeof zhCNAccount & typeof zhCNLater>;
