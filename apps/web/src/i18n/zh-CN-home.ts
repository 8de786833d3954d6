/** Chinese strings of the home screen (and its case rows and storage notice), added by ./home-strings.ts when home's chunk loads. */
export const zhCNHome = {
  home: {
    downloading: '正在下载{{area}}的案件，完成后显示在这里…',
    greeting: '{{name}}，您好',
    yourArea: '您辖区',
    escalated_one: '已上报、交由上级办理的案件（{{count}} 件）',
    escalated_other: '已上报、交由上级办理的案件（{{count}} 件）',
    open: '在办案件',
    overdue: '超期',
    followUpsDue: '待回访',
    overdueTitle: '已超期（受理超过一个月）',
    followUpsTitle: '待回访',
    courtDueTitle: '司法确认申请期限将至',
    openTitle: '我的在办案件',
    all: '全部',
    noOpen: '暂无在办案件',
    newCase: '登记纠纷',
  },
  badge: { courtBy: '司法确认至{{date}}', courtDaysLeft: '司法确认剩{{days}}天', courtDueToday: '司法确认今日截止', handledAt: '{{level}}办理', overdue: '超期', followUpDue: '待回访', conflict: '有冲突', attention: '需处理', unsynced: '未同步', synced: '已同步' },
  case: {
    acceptedOnShort: '{{date}} 受理',
    provisionalNo: '临时编号',
  },
  storage: {
    title: '本机存储',
    details: '查看',
    notPersistedShort: '浏览器未允许持久保存，存储紧张时本机数据可能被清除。',
    persistence: {
      persisted: '已开启持久存储：浏览器不会自动清除本机数据。',
      denied: '浏览器未允许持久存储。请将本应用“添加到主屏幕”，或在浏览器网站设置中允许存储，以免数据被清除。',
      unsupported: '此浏览器不支持持久存储，请尽快同步。',
      unknown: '无法确认存储状态，请尽快同步。',
    },
    usage: '已用 {{used}} / 可用 {{quota}}',
  },
};
