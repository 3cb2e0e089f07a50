/**
 * Search at province size: a generated catalog of 10,000 items (names built from the words real
 * 事项 names are made of) plus the sample bundles, then a mixed stream of queries as citizens type
 * them — pinyin initials, full pinyin, Chinese words, one typo, nonsense — each timed on its own.
 * `search.p95_ms` is the design's contract figure (budget ≤ 5 ms).
 */
import { buildSearchIndex, search } from '../../core/catalog/search';
import type { Catalog, Item } from '../../core/catalog/schema';
import { percentile, round, type BenchModule, type Figure } from './figures';
import { seededRandom } from '../support/seeded-random';

const subjects = ['企业', '个体工商户', '食品经营', '药品零售', '医疗器械', '道路运输', '建设工程', '城镇燃气', '排水', '林木采伐', '出版物', '娱乐场所', '民办学校', '养老机构', '旅行社', '人力资源服务', '危险化学品', '特种设备', '律师事务所', '社会团体', '城乡居民养老保险', '失业保险', '工伤保险', '住房公积金', '残疾人', '最低生活保障', '特困人员', '退役军人', '户口', '居住证', '出入境', '机动车', '驾驶证', '不动产', '商品房预售', '房屋租赁', '公共场所卫生', '中小学教师资格', '职业技能等级', '高层次人才', '医师执业', '护士执业', '兽药经营', '种子生产', '农药经营', '渔业捕捞', '取水', '河道采砂', '占用城市道路', '户外广告设施'];
const actions = ['设立登记', '变更登记', '注销登记', '许可', '许可证核发', '许可证延续', '备案', '年度报告', '补贴申领', '待遇申领', '资格认定', '证明开具', '信息查询', '证件补领', '转移接续', '参保登记', '费用报销', '减免申请', '审批', '验收'];
const places = ['', '（市级）', '（区级）', '（街道）', '（首次）', '（换领）'];
const departments = ['scjg', 'rs', 'ga', 'zj', 'wj', 'jy', 'mz', 'sw', 'gjj', 'nyj'];

export function generatedCatalog(n: number): Pick<Catalog, 'version' | 'items' | 'bundles' | 'departments' | 'stages'> {
  const rand = seededRandom(20261201);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const items = Array.from({ length: n }, (_, i) => {
    const zh = `${pick(subjects)}${pick(actions)}${pick(places)}`;
    return { code: `440000-G-${String(i).padStart(5, '0')}`, name: { zh, en: `Generated service ${i}` }, department: pick(departments) } as unknown as Item;
  });
  return {
    version: `generated-${n}`,
    items,
    bundles: [],
    departments: departments.map((code) => ({ code, name: { zh: `${code}局`, en: `${code} bureau` } })),
    stages: [],
  };
}

const queries = [
  'qykb', 'tuixiu', 'qiye kaiban', 'xsr', 'spjy', 'shipin jingying', '食品经营', '住房公积金', 'gjj', 'zfgjj', 'tuixou', 'yljg', '养老机构许可',
  'jdc', 'jiashizheng', 'bdc', 'budongchan dengji', 'cjr', 'canjiren', 'dbdb', 'zx', 'z', 'x', 'hkqy', 'hukou', '户口', '居住证', 'jzz', 'rlzy',
  'renliziyuan', 'tzsb', 'teshushebei', 'lsws', 'lvshi', 'ggcs', 'gonggongchangsuo', 'zzdj', 'zhuxiaodengji', 'bgdj', 'biangengdengji', 'xkzhf',
  'nyjy', 'nongyao', 'qushui', 'hdcs', 'gaoceng', 'gccrc', 'ylbx', 'yiliao', 'fybx', 'shebao', 'sybx', 'shiye', '失业保险待遇申领', 'zzzzqq', 'abcdef',
];

export const searchBench: BenchModule = {
  area: 'search',
  async run(): Promise<Figure[]> {
    const catalog = generatedCatalog(10_000);
    const t0 = performance.now();
    const index = buildSearchIndex(catalog);
    const buildMs = performance.now() - t0;
    // Warm up the JIT, then time each query on its own, several rounds.
    for (const q of queries) search(index, q);
    const times: number[] = [];
    let hits = 0;
    for (let round = 0; round < 10; round++) {
      for (const q of queries) {
        const s = performance.now();
        hits += search(index, q).length;
        times.push(performance.now() - s);
      }
    }
    return [
      { name: 'search.p95_ms', value: round(percentile(times, 95), 2), unit: 'ms', budget: 5, note: `${catalog.items.length} generated items, ${times.length} timed queries (${queries.length} kinds: initials, full pinyin, Chinese, typos, nonsense), ${hits} hits` },
      { name: 'search.p50_ms', value: round(percentile(times, 50), 2), unit: 'ms' },
      { name: 'search.index_build_ms', value: round(buildMs, 0), unit: 'ms', note: 'once per catalog version (pinyin of every name)' },
    ];
  },
};
