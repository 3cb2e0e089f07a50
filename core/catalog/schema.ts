/**
 * The service catalog as data (config/catalog/**). Items (单项事项), materials, form fields and
 * bundles (一件事) are validated by these schemas at load time, in the bridge and in tests.
 * The composition rules that turn a bundle into one form and one material list live in compose.ts.
 */
import { z } from 'zod';

/**
 * Size limits on every string and list of the catalog (and of the terminal configuration, which
 * shares LocalText): data arrives from files and signed fleet documents, and a single oversized
 * value must be refused with its field named rather than carried into every hello and screen.
 * The shipped catalog uses a small fraction of each (longest text ≈ 210 characters, longest list 13).
 */
export const limits = {
  /** Codes and references to codes (事项编码, bundle and material codes, dataset names). */
  code: 64,
  /** Names, labels and titles: one line on a screen or a receipt. */
  name: 200,
  /** Free text: conditions, FAQ answers, notes, sample texts, legal basis. */
  text: 20_000,
  /** Any list inside an entry (materials, steps, options, rules …). */
  list: 200,
  /** Entries of one section in one catalog file. */
  section: 2000,
  /** Addresses of published guides. */
  url: 2048,
} as const;

/** A code or a reference to one: a short string. */
export const CodeRef = z.string().max(limits.code);
/** Free text (not shown as a heading). */
const FreeString = z.string().max(limits.text);
const list = <T extends z.ZodType>(element: T) => z.array(element).max(limits.list);

/** A text shown to citizens: Simplified Chinese first, English as the second language (≤ 20,000 characters each). */
export const LocalText = z.object({ zh: z.string().min(1).max(limits.text), en: z.string().min(1).max(limits.text) });
export type LocalText = z.infer<typeof LocalText>;

/** A name, label or title shown to citizens: LocalText of at most 200 characters each. */
export const LocalName = z.object({ zh: z.string().min(1).max(limits.name), en: z.string().min(1).max(limits.name) });

/**
 * The languages a terminal may offer citizens (config `languages`): zh and en, which the catalog
 * carries, and ug (Uyghur, Arabic script, right to left), whose UI text is machine-translated and
 * whose catalog text falls back to zh (kiosk/src/languages.ts).
 */
export const LanguageCode = z.enum(['zh', 'en', 'ug']);
export type LanguageCode = z.infer<typeof LanguageCode>;

export const Lifecycle = z.enum(['个人', '企业']);
export type Lifecycle = z.infer<typeof Lifecycle>;

export const Department = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/).max(limits.code),
  name: LocalName,
});
export type Department = z.infer<typeof Department>;

/** A life stage of the 双全 lifecycle (domain.md): 出生, 教育 … for people; 开办, 准营 … for enterprises. */
export const Stage = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/).max(limits.code),
  lifecycle: Lifecycle,
  name: LocalName,
  /** Name of a pictogram in kiosk/src/ui/pictograms.tsx. */
  icon: CodeRef,
});
export type Stage = z.infer<typeof Stage>;

/** Where a value or a material can come from without the citizen typing or carrying it. */
export const CardField = z.enum(['name', 'sex', 'nation', 'birthDate', 'address', 'idNumber']);
export type CardField = z.infer<typeof CardField>;

export const FieldSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card'), field: CardField }),
  z.object({ type: z.literal('shared'), dataset: CodeRef }),
  z.object({ type: z.literal('citizen') }),
  /** Answered already in the bundle's 情形 questions: question id, and option value → field value. */
  z.object({ type: z.literal('answer'), question: z.string(), values: z.record(z.string(), z.string()) }),
]);
export type FieldSource = z.infer<typeof FieldSource>;

export const FieldType = z.enum(['text', 'name', 'idNumber', 'phone', 'date', 'address', 'select', 'bankAccount']);
export type FieldType = z.infer<typeof FieldType>;

/** A form field with a semantic key shared across items (applicant.phone, child.name …). */
export const FormField = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/).max(limits.code),
  label: LocalName,
  type: FieldType,
  /** For select fields. */
  options: list(z.object({ value: z.string().max(limits.name), label: LocalName })).optional(),
  /** A regular expression the value must match, checked in the kiosk and again in the bridge. */
  pattern: z.string().max(1000).optional(),
  hint: LocalText.optional(),
  /** In order of preference: the first source that knows the value fills it in. */
  sources: list(FieldSource).min(1),
  /** Items whose result creates the value (a credit code from 企业设立登记): not asked when one is in the application. */
  issuedBy: list(CodeRef).optional(),
});
export type FormField = z.infer<typeof FormField>;

export const MaterialSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('applicant') }),
  z.object({ type: z.literal('e-licence'), licence: CodeRef }),
  z.object({ type: z.literal('shared'), dataset: CodeRef }),
]);

export type MaterialSource = z.infer<typeof MaterialSource>;

export const Material = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/).max(limits.code),
  name: LocalName,
  /**
   * Where it can come from, in order of preference: 申请人提供 (applicant), an 电子证照 type the
   * government issues (e-licence), or a 部门共享 dataset (shared). The first that the applicant's
   * records answer makes the material 免提交.
   */
  sources: list(MaterialSource).min(1),
  /**
   * Whether the citizen photographs the paper material at the kiosk when it is not 免提交 (a
   * document). False for what cannot be photographed usefully (a seal, a device, a bank card handed
   * over, a photo printed to a standard): those are brought to the window.
   */
  photograph: z.boolean().default(true),
  /** 纸质规格 (zzclgg): paper size, colour, signature — what makes a copy acceptable. */
  spec: LocalText.optional(),
});
export type Material = z.infer<typeof Material>;

/**
 * 补交: how a material not handed over at the kiosk (容缺, or not with the citizen) follows, when it
 * differs from the defaults in notice.ts (5 working days, the item's 办理地点, upload for documents).
 */
export const Supplement = z.strictObject({ days: z.number().int().min(1).max(60).optional(), where: LocalText.optional(), upload: z.boolean().optional(), ifMissing: LocalText.optional() });
export type Supplement = z.infer<typeof Supplement>;

export const MaterialRequirement = z.object({
  material: CodeRef,
  form: z.enum(['原件', '复印件', '电子']),
  copies: z.number().int().min(0).max(100).default(1),
  /** 必要 required; 非必要 optional; 容缺 (容缺可后补): may be supplied later (容缺受理). */
  necessity: z.enum(['必要', '非必要', '容缺']),
  /** 告知承诺制: a signed commitment may replace the material. */
  commitmentAllowed: z.boolean().default(false),
  note: LocalText.optional(),
  /** 补交 of this material for this item (overrides the item's `supplement`). */
  supplement: Supplement.optional(),
});
export type MaterialRequirement = z.infer<typeof MaterialRequirement>;

export const Faq = z.object({ q: LocalText, a: LocalText });
export type Faq = z.infer<typeof Faq>;

/** 事项类型, as the national catalogue of government service items names them. */
export const ItemKind = z.enum(['行政许可', '行政确认', '行政给付', '行政征收', '行政奖励', '行政裁决', '公共服务', '其他行政权力']);
export type ItemKind = z.infer<typeof ItemKind>;

/** 示范文本: a filled-in example of a form or a statement, shown and printed with the guide. */
export const SampleText = z.object({ title: LocalName, text: LocalText });

export const Item = z.object({
  /** 事项编码 */
  code: z.string().min(3).max(limits.code),
  name: LocalName,
  department: CodeRef,
  kind: ItemKind,
  legalBasis: list(FreeString).min(1),
  conditions: list(LocalText),
  materials: list(MaterialRequirement),
  fields: list(CodeRef),
  /**
   * 法定办结时限 and 承诺办结时限 in working days; 0 means 即办 (done at once). statutoryDays is null
   * when no law sets one. `note` says what the days exclude (card production, mailing …).
   */
  timeLimit: z.object({
    statutoryDays: z.number().int().min(0).nullable(),
    promisedDays: z.number().int().min(0),
    note: LocalText.optional(),
  }),
  fee: z.discriminatedUnion('type', [
    z.object({ type: z.literal('free') }),
    z.object({ type: z.literal('charged'), amountYuan: z.number().min(0), basis: FreeString }),
  ]),
  result: z.object({ name: LocalName, type: z.enum(['certificate', 'approval', 'e-licence', 'registration', 'payment', 'card']) }),
  delivery: list(z.enum(['窗口领取', '邮寄', '电子证照'])).min(1),
  steps: list(LocalText).min(1),
  place: LocalText,
  hours: LocalText,
  phones: z.object({ consult: z.string().max(limits.name), complaint: z.string().max(limits.name) }),
  faqs: list(Faq).default([]),
  /** 示范文本 */
  samples: list(SampleText).default([]),
  /** 常见错误示例 */
  commonMistakes: list(LocalText).default([]),
  /** 秒批秒办: approved at once by rules, the result can be printed at the kiosk. */
  instantApproval: z.boolean().default(false),
  /** 到现场大厅次数: how many times the applicant must come to a hall (0 = 全程网办/自助). */
  visits: z.number().int().min(0).max(100).default(1),
  /** 乘车线路 */
  transit: LocalText.optional(),
  /** 补交 of this item's materials when they follow later (notice.ts has the defaults). */
  supplement: Supplement.optional(),
  /** 状态查询: how to follow progress. */
  tracking: LocalText.optional(),
  /** 表格下载: names of the application forms (the kiosk fills them from the merged form). */
  forms: list(LocalName).default([]),
  /** Set when the item's content is the usual design, not found in a published guide. */
  illustrative: z.boolean().default(false),
  /** Why it is illustrative; required when `illustrative` is true. */
  illustrativeNote: LocalText.optional(),
  /** The public guide(s) the data was taken from. */
  source: z.string().max(limits.url * 4).optional(),
});
export type Item = z.infer<typeof Item>;

export const BundleItem = z.object({
  item: CodeRef,
  /** Items the law requires together are not optional (全部或部分事项自主选择). */
  optional: z.boolean(),
  /** Items that must be chosen (and are done) before this one, e.g. 户口登记 needs 出生医学证明. */
  dependsOn: list(CodeRef).default([]),
});
export type BundleItem = z.infer<typeof BundleItem>;

/** A scenario question (情形引导): single choice among options. */
export const ScenarioQuestion = z.object({
  /** Identifier referenced by rules and by answers, e.g. `bornInProvince`. */
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/).max(limits.code),
  text: LocalText,
  hint: LocalText.optional(),
  options: list(z.object({ value: z.string().regex(/^[a-z0-9][a-z0-9-]*$/).max(limits.code), label: LocalName })).min(2),
});
export type ScenarioQuestion = z.infer<typeof ScenarioQuestion>;

/** Scenario answers: question id → chosen option value. */
export type ScenarioAnswers = Readonly<Record<string, string>>;

/**
 * What a scenario does to the bundle when every question in `when` has one of the listed answers:
 * items that do not apply, items that become required, materials added to or waived for items.
 * Rules apply in order; an item excluded by any matching rule stays excluded.
 */
export const ScenarioRule = z.object({
  /** question id → the answers that make the rule apply (all questions must match). */
  when: z.record(CodeRef, list(CodeRef).min(1)),
  excludeItems: list(CodeRef).default([]),
  requireItems: list(CodeRef).default([]),
  addMaterials: list(z.object({ item: CodeRef, requirement: MaterialRequirement })).default([]),
  /** A material no longer needed; for one item, or for every item of the bundle when `item` is absent. */
  waiveMaterials: list(z.object({ material: CodeRef, item: CodeRef.optional() })).default([]),
  /** Shown to the citizen when the rule applies (e.g. why an item dropped out). */
  note: LocalText.optional(),
});
export type ScenarioRule = z.infer<typeof ScenarioRule>;

export const Bundle = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/).max(limits.code),
  name: LocalName,
  summary: LocalText,
  lifecycle: Lifecycle,
  stage: CodeRef,
  leadDepartment: CodeRef,
  /** 协同部门: the other departments whose items the bundle links. */
  coDepartments: list(CodeRef).default([]),
  items: list(BundleItem).min(1),
  /** 情形: the questions asked before items are chosen. */
  questions: list(ScenarioQuestion).default([]),
  rules: list(ScenarioRule).default([]),
  conditions: list(LocalText),
  /** Working days promised for the whole bundle (items run in parallel where they can). */
  promisedDays: z.number().int().min(0),
  faqs: list(Faq).default([]),
  /** Set when the composition is the usual design, not from a published guide: never shown as law. */
  illustrative: z.boolean().default(false),
  /** Why it is illustrative; required when `illustrative` is true. */
  illustrativeNote: LocalText.optional(),
  source: z.string().max(limits.url * 4).optional(),
});
export type Bundle = z.infer<typeof Bundle>;

/** The catalog as the kiosk receives it: everything resolved, with a content hash as version. */
export const Catalog = z.object({
  version: z.string(),
  departments: z.array(Department),
  stages: z.array(Stage),
  fields: z.array(FormField),
  materials: z.array(Material),
  items: z.array(Item),
  bundles: z.array(Bundle),
});
export type Catalog = z.infer<typeof Catalog>;

/**
 * One file under config/catalog/: any subset of the catalog's sections. Fragments are merged by
 * build.ts, which also checks what a single fragment cannot (duplicates, references, cycles).
 * Objects are strict here, unlike in Catalog, so a misspelt key in hand-edited JSON ("dependOn")
 * is an error with a path instead of being silently dropped.
 */
export const FragmentBundle = z.strictObject({
  ...Bundle.shape,
  items: list(z.strictObject(BundleItem.shape)).min(1),
  questions: list(
    z.strictObject({
      ...ScenarioQuestion.shape,
      options: list(z.strictObject(ScenarioQuestion.shape.options.element.shape)).min(2),
    }),
  ).default([]),
  rules: list(
    z.strictObject({
      ...ScenarioRule.shape,
      addMaterials: list(z.strictObject({ item: CodeRef, requirement: z.strictObject(MaterialRequirement.shape) })).default([]),
      waiveMaterials: list(z.strictObject(ScenarioRule.shape.waiveMaterials.unwrap().element.shape)).default([]),
    }),
  ).default([]),
});

const section = <T extends z.ZodType>(element: T) => z.array(element).max(limits.section);

export const CatalogFragment = z
  .strictObject({
    /** Lets editors find config/schema/catalog-fragment.schema.json; ignored by the loader. */
    $schema: z.string().max(limits.url).optional(),
    departments: section(z.strictObject(Department.shape)).optional(),
    stages: section(z.strictObject(Stage.shape)).optional(),
    fields: section(z.strictObject(FormField.shape)).optional(),
    materials: section(z.strictObject(Material.shape)).optional(),
    items: section(z.strictObject({ ...Item.shape, materials: list(z.strictObject(MaterialRequirement.shape)) })).optional(),
    bundles: section(FragmentBundle).optional(),
  })
  .meta({
    title: 'Catalog fragment',
    description: 'One file of the service catalog (config/catalog/**/*.json): departments, stages, form fields, materials, items (单项事项) and bundles (一件事).',
  });
export type CatalogFragment = z.infer<typeof CatalogFragment>;

/** The sections of a fragment, in the order they are merged. */
export const catalogSections = ['departments', 'stages', 'fields', 'materials', 'items', 'bundles'] as const;
export type CatalogSection = (typeof catalogSections)[number];
