import {
  addDays,
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  idCardCheckChar,
  type DisputeType,
  type CaseSource,
  type Level,
  type MediatingBody,
  type OutcomeCode,
  type RiskLevel,
} from '@tiaojie/domain';

/** A demo case as a story: who opened it, what happened, how it ended. Applied through the sync mutation path. */
export interface DemoCaseStory {
  id: string;
  gridId: string;
  author: string;
  type: DisputeType;
  source: CaseSource;
  risk: RiskLevel;
  isGroup: boolean;
  peopleInvolved: number;
  facts: string;
  reportedOn: string;
  acceptedOn: string;
  parties: {
    id: string;
    role: 'applicant' | 'respondent';
    sex: 'male' | 'female';
    age: number;
    name: string;
    idNumber?: string;
    phone?: string;
    /** Set for an organisation (the property company, the employer): then sex, age and idNumber are not used. */
    organisation?: { creditCode: string; contactName: string };
  }[];
  sessions: { id: string; date: string; mediator: string; body: MediatingBody; notes: string }[];
  escalation?: { toLevel: Level; date: string; reason: string; by: string };
  outcome?: { code: OutcomeCode; concludedOn: string; resolvedLevel: Level; body: MediatingBody; by: string; amount: number; written: boolean };
  followUp?: { id: string; date: string; visitor: string };
}

const facts: Record<DisputeType, string[]> = {
  marriage_family: ['夫妻因子女抚养费问题发生争执', '婆媳因赡养老人分工产生矛盾'],
  neighbour: ['楼上住户卫生间漏水导致楼下墙面受损', '邻居在楼道堆放杂物影响通行', '装修噪音扰民引发邻里争吵'],
  housing_homestead: ['两户因宅基地界址不清发生争议'],
  contract: ['房屋租赁合同到期押金退还纠纷', '装修合同工程质量争议'],
  production_business: ['商户门前占道经营引发争执'],
  damages: ['电动车剐蹭行人赔偿争议', '宠物狗咬伤邻居赔偿纠纷'],
  forest_land: ['承包地边界种植果树引发争议'],
  land_acquisition: ['旧村改造中附属物补偿标准争议'],
  environment: ['餐饮店油烟排放影响楼上住户'],
  labour: ['装修工人讨要拖欠工资', '保洁员与物业公司工资结算纠纷'],
  consumer: ['预付卡健身房停业退费纠纷'],
  medical: ['社区诊所输液后过敏赔偿争议'],
  traffic: ['小区路口两车剐蹭责任划分争议'],
  property_management: ['业主对物业费上涨不满拒缴', '小区电梯长期故障业主与物业矛盾', '地下车位管理引发业主与物业争执'],
  other: ['广场舞音响音量引发居民矛盾'],
};

const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡'];
const givenNames = ['秀英', '建国', '桂兰', '志强', '丽', '伟', '敏', '军', '静', '磊', '海燕', '红梅'];

/** A deterministic pseudo-random sequence, so every demo start shows the same district. */
function createRandom(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

function demoIdNumber(rand: ReturnType<typeof createRandom>, age: number, sex: 'male' | 'female', today: string): string {
  const year = Number(today.slice(0, 4)) - age;
  const birth = `${year}${String(rand.int(1, 12)).padStart(2, '0')}${String(rand.int(1, 28)).padStart(2, '0')}`;
  const seq = rand.int(10, 99);
  const sexDigit = sex === 'male' ? rand.pick([1, 3, 5, 7, 9]) : rand.pick([0, 2, 4, 6, 8]);
  const first17 = `110105${birth}${seq}${sexDigit}`;
  return first17 + idCardCheckChar(first17);
}

const typeWeights: [DisputeType, number][] = [
  ['neighbour', 26], ['property_management', 22], ['marriage_family', 12], ['contract', 8], ['labour', 7],
  ['damages', 6], ['traffic', 5], ['consumer', 4], ['housing_homestead', 3], ['environment', 2],
  ['production_business', 2], ['other', 3],
];

function weightedType(rand: ReturnType<typeof createRandom>): DisputeType {
  const total = typeWeights.reduce((s, [, w]) => s + w, 0);
  let x = rand.next() * total;
  for (const [t, w] of typeWeights) {
    x -= w;
    if (x < 0) return t;
  }
  return 'other';
}

const gridCommunity: Record<string, string> = {
  g01: 'community01', g02: 'community01', g03: 'community01',
  g04: 'community02', g05: 'community02', g06: 'community02', g07: 'community02',
  g08: 'community03', g09: 'community03', g10: 'community03',
};

/**
 * About 120 cases over last year and this one: most mediated on the spot by the grid worker, some escalated to
 * the community or sub-district, a few failed or withdrawn, and some still open (a few of grid01's overdue).
 */
export function createDemoCaseStories(today: string): DemoCaseStory[] {
  const rand = createRandom(20_261_122);
  const stories: DemoCaseStory[] = [];
  const grids = Object.keys(gridCommunity);
  const startYear = Number(today.slice(0, 4)) - 1;
  for (let i = 0; i < 120; i++) {
    const gridId = i < 14 ? 'g01' : rand.pick(grids);
    const author = `grid${gridId.slice(1)}`;
    const type = weightedType(rand);
    const dayOffset = rand.int(0, 690);
    let reportedOn = addDays(`${startYear}-01-05`, dayOffset);
    if (reportedOn > today) reportedOn = addDays(today, -rand.int(1, 60));
    // grid01's first cases are recent and open, two of them past the one-month deadline.
    if (i < 6) reportedOn = addDays(today, -[3, 9, 20, 33, 41, 52][i]!);
    const acceptedOn = addDays(reportedOn, rand.int(0, 1));
    const isGroup = type === 'property_management' && rand.next() < 0.25;
    const people = isGroup ? rand.int(5, 40) : 2;
    const party = (role: 'applicant' | 'respondent', n: number) => {
      const sex = rand.next() < 0.5 ? ('male' as const) : ('female' as const);
      const age = rand.int(22, 78);
      return {
        id: `p${n}`,
        role,
        sex,
        age,
        name: rand.pick(surnames) + rand.pick(givenNames),
        ...(rand.next() < 0.7 ? { idNumber: demoIdNumber(rand, age, sex, today) } : {}),
        ...(rand.next() < 0.8 ? { phone: `1${rand.pick(['38', '39', '58', '86', '77'])}${String(rand.int(0, 99_999_999)).padStart(8, '0')}` } : {}),
      };
    };
    const story: DemoCaseStory = {
      id: `demo-${String(i + 1).padStart(4, '0')}`,
      gridId,
      author,
      type,
      source: rand.pick(['proactive', 'proactive', 'proactive', 'party_applied', 'party_applied', 'hotline_12345', 'referral_police']),
      risk: rand.next() < 0.08 ? 'yellow' : 'blue',
      isGroup,
      peopleInvolved: people,
      facts: rand.pick(facts[type]),
      reportedOn,
      acceptedOn,
      parties: [party('applicant', 1), organisationFor(type, i, party('respondent', 2))],
      sessions: [],
    };
    const age = Math.round((Date.parse(today) - Date.parse(acceptedOn)) / 86_400_000);
    const open = i < 6 || age < rand.int(5, 25);
    const escalate = !open && rand.next() < 0.15 ? (rand.next() < 0.7 ? 'community' : 'subdistrict') : undefined;
    const sessionDate = addDays(acceptedOn, rand.int(0, 3));
    story.sessions.push({ id: 's1', date: sessionDate > today ? today : sessionDate, mediator: `网格员${gridId.slice(1)}`, body: 'grid_worker', notes: '到现场了解情况，分别听取双方意见' });
    if (escalate) {
      const escalatedOn = [addDays(sessionDate, rand.int(1, 4)), today].sort()[0]!;
      story.escalation = {
        toLevel: escalate,
        date: escalatedOn,
        reason: escalate === 'community' ? '双方分歧较大，网格内调解未果' : '涉及人数多，需街道协调相关部门',
        by: author,
      };
    }
    if (!open) {
      const level: Level = escalate ?? 'grid';
      const by = level === 'grid' ? author : level === 'community' ? gridCommunity[gridId]! : 'street';
      const body: MediatingBody = level === 'grid' ? 'grid_worker' : level === 'community' ? 'community_committee' : 'subdistrict_committee';
      const roll = rand.next();
      const code: OutcomeCode = roll < 0.9 ? 'success' : roll < 0.95 ? 'failed' : 'withdrawn';
      let concludedOn = addDays(acceptedOn, rand.int(2, 20));
      // Not before the session or the escalation (the date-order rule refuses a conclusion before them).
      const lastStep = story.escalation && story.escalation.date > sessionDate ? story.escalation.date : sessionDate;
      if (concludedOn < lastStep) concludedOn = lastStep;
      if (concludedOn > today) concludedOn = today;
      const written = code === 'success' && (level !== 'grid' || rand.next() < 0.4);
      story.outcome = {
        code, concludedOn, resolvedLevel: level, body, by, written,
        amount: code === 'success' && ['damages', 'labour', 'contract', 'traffic', 'neighbour'].includes(type) ? rand.int(2, 300) * 100 : 0,
      };
      if (code === 'success' && rand.next() < 0.5) {
        const visit = addDays(concludedOn, rand.int(7, 30));
        if (visit <= today) story.followUp = { id: 'f1', date: visit, visitor: `网格员${gridId.slice(1)}` };
      }
    }
    stories.push(story);
  }
  return stories;
}

const employers = ['清河餐饮管理有限公司', '清河建筑劳务有限公司', '清河快递服务有限公司'];
const propertyCompanies = ['清河物业服务有限公司', '华庭物业管理有限公司'];

/**
 * The other side of most property and labour disputes is an organisation: the respondent becomes the property
 * company or the employer, with a credit code (valid by GB 32100), a contact person and a landline. The person
 * drawn for the respondent is still drawn, so the random stream (and every other demo value) stays as it was.
 */
function organisationFor(type: DisputeType, i: number, drawn: DemoCaseStory['parties'][number]): DemoCaseStory['parties'][number] {
  const names = type === 'property_management' ? propertyCompanies : type === 'labour' ? employers : null;
  if (!names) return drawn;
  const k = i % names.length;
  const serial = [...String(k + 1).padStart(7, '0')].map((d) => CREDIT_CODE_ALPHABET[Number(d) + 10]).join('');
  const first17 = `91110105MA${serial}`;
  return {
    ...drawn,
    name: names[k]!,
    phone: `010-8472${String(1000 + k).slice(-4)}`,
    organisation: { creditCode: first17 + creditCodeCheckChar(first17), contactName: `${drawn.name.slice(0, 1)}经理` },
  };
}

