/**
 * The service catalog as data (config/catalog/**). Items (单项事项), materials, form fields and
 * bundles (一件事) are validated by these schemas at load time, in the bridge and in tests.
 * The composition rules that turn a bundle into one form and one material list live in compose.ts.
 */
import { z } from 'zod';

/** A text shown to citizens: Simplified Chinese first, English as the second language. */
export const LocalText = z.object({ zh: z.string().min(1), en: z.string().min(1) });
export type LocalText = z.infer<typeof LocalText>;

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
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: LocalText,
});
export type Department = z.infer<typeof Department>;

/** A life stage of the 双全 lifecycle (domain.md): 出生, 教育 … for people; 开办, 准营 … for enterprises. */
export const Stage = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  lifecycle: Lifecycle,
  name: LocalText,
  /** Name of a pictogram in kiosk/src/ui/pictograms.tsx. */
  icon: z.string(),
});
export type Stage = z.infer<typeof Stage>;

/** Where a value or a material can come from without the citizen typing or carrying it. */
export const CardField = z.enum(['name', 'sex', 'nation', 'birthDate', 'address', 'idNumber']);
export type CardField = z.infer<typeof CardField>;

export const FieldSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('card'), field: CardField }),
  z.object({ type: z.literal('shared'), dataset: z.string() }),
  z.object({ type: z.literal('citizen') }),
  /** Answered already in the bundle's 情形 questions: question id, and option value → field value. */
  z.object({ type: z.literal('answer'), question: z.string(), values: z.record(z.string(), z.string()) }),
]);
export type FieldSource = z.infer<typeof FieldSource>;

export const FieldType = z.enum(['text', 'name', 'idNumber', 'phone', 'date', 'address', 'select', 'bankAccount']);
export type FieldType = z.infer<typeof FieldType>;

/** A form field with a semantic key shared across items (applicant.phone, child.name …). */
export const FormField = z.object({
  key: z.string().regex(/^[a-z][A-Za-z0-9]*(\.[a-z][A-Za-z0-9]*)+$/),
  label: LocalText,
  type: FieldType,
  /** For select fields. */
  options: z.array(z.object({ value: z.string(), label: LocalText })).optional(),
  /** A regular expression the value must match, checked in the kiosk and again in the bridge. */
  pattern: z.string().optional(),
  hint: LocalText.optional(),
  /** In order of preference: the first source that knows the value fills it in. */
  sources: z.array(FieldSource).min(1),
  /** Items whose result creates the value (a credit code from 企业设立登记): not asked when one is in the application. */
  issuedBy: z.array(z.string()).optional(),
});
export type FormField = z.infer<typeof FormField>;

export const MaterialSource = z.discriminatedUnion('type', [
  z.object({ type: z.literal('applicant') }),
  z.object({ type: z.literal('e-licence'), licence: z.string() }),
  z.object({ type: z.literal('shared'), dataset: z.string() }),
]);

export type MaterialSource = z.infer<typeof MaterialSource>;

export const Material = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: LocalText,
  /**
   * Where it can come from, in order of preference: 申请人提供 (applicant), an 电子证照 type the
   * government issues (e-licence), or a 部门共享 dataset (shared). The first that the applicant's
   * records answer makes the material 免提交.
   */
  sources: z.array(MaterialSource).min(1),
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
  material: z.string(),
  form: z.enum(['原件', '复印件', '电子']),
  copies: z.number().int().min(0).default(1),
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
export const SampleText = z.object({ title: LocalText, text: LocalText });

export const Item = z.object({
  /** 事项编码 */
  code: z.string().min(3),
  name: LocalText,
  department: z.string(),
  kind: ItemKind,
  legalBasis: z.array(z.string()).min(1),
  conditions: z.array(LocalText),
  materials: z.array(MaterialRequirement),
  fields: z.array(z.string()),
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
    z.object({ type: z.literal('charged'), amountYuan: z.number().min(0), basis: z.string() }),
  ]),
  result: z.object({ name: LocalText, type: z.enum(['certificate', 'approval', 'e-licence', 'registration', 'payment', 'card']) }),
  delivery: z.array(z.enum(['窗口领取', '邮寄', '电子证照'])).min(1),
  steps: z.array(LocalText).min(1),
  place: LocalText,
  hours: LocalText,
  phones: z.object({ consult: z.string(), complaint: z.string() }),
  faqs: z.array(Faq).default([]),
  /** 示范文本 */
  samples: z.array(SampleText).default([]),
  /** 常见错误示例 */
  commonMistakes: z.array(LocalText).default([]),
  /** 秒批秒办: approved at once by rules, the result can be printed at the kiosk. */
  instantApproval: z.boolean().default(false),
  /** 到现场大厅次数: how many times the applicant must come to a hall (0 = 全程网办/自助). */
  visits: z.number().int().min(0).default(1),
  /** 乘车线路 */
  transit: LocalText.optional(),
  /** 补交 of this item's materials when they follow later (notice.ts has the defaults). */
  supplement: Supplement.optional(),
  /** 状态查询: how to follow progress. */
  tracking: LocalText.optional(),
  /** 表格下载: names of the application forms (the kiosk fills them from the merged form). */
  forms: z.array(LocalText).default([]),
  /** Set when the item's content is the usual design, not found in a published guide. */
  illustrative: z.boolean().default(false),
  /** Why it is illustrative; required when `illustrative` is true. */
  illustrativeNote: LocalText.optional(),
  /** The public guide(s) the data was taken from. */
  source: z.string().optional(),
});
export type Item = z.infer<typeof Item>;

export const BundleItem = z.object({
  item: z.string(),
  /** Items the law requires together are not optional (全部或部分事项自主选择). */
  optional: z.boolean(),
  /** Items that must be chosen (and are done) before this one, e.g. 户口登记 needs 出生医学证明. */
  dependsOn: z.array(z.string()).default([]),
});
export type BundleItem = z.infer<typeof BundleItem>;

/** A scenario question (情形引导): single choice among options. */
export const ScenarioQuestion = z.object({
  /** Identifier referenced by rules and by answers, e.g. `bornInProvince`. */
  id: z.string().regex(/^[a-z][A-Za-z0-9]*$/),
  text: LocalText,
  hint: LocalText.optional(),
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), label: LocalText })).min(2),
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
  when: z.record(z.string(), z.array(z.string()).min(1)),
  excludeItems: z.array(z.string()).default([]),
  requireItems: z.array(z.string()).default([]),
  addMaterials: z.array(z.object({ item: z.string(), requirement: MaterialRequirement })).default([]),
  /** A material no longer needed; for one item, or for every item of the bundle when `item` is absent. */
  waiveMaterials: z.array(z.object({ material: z.string(), item: z.string().optional() })).default([]),
  /** Shown to the citizen when the rule applies (e.g. why an item dropped out). */
  note: LocalText.optional(),
});
export type ScenarioRule = z.infer<typeof ScenarioRule>;

export const Bundle = z.object({
  code: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: LocalText,
  summary: LocalText,
  lifecycle: Lifecycle,
  stage: z.string(),
  leadDepartment: z.string(),
  /** 协同部门: the other departments whose items the bundle links. */
  coDepartments: z.array(z.string()).default([]),
  items: z.array(BundleItem).min(1),
  /** 情形: the questions asked before items are chosen. */
  questions: z.array(ScenarioQuestion).default([]),
  rules: z.array(ScenarioRule).default([]),
  conditions: z.array(LocalText),
  /** Working days promised for the whole bundle (items run in parallel where they can). */
  promisedDays: z.number().int().min(0),
  faqs: z.array(Faq).default([]),
  /** Set when the composition is the usual design, not from a published guide: never shown as law. */
  illustrative: z.boolean().default(false),
  /** Why it is illustrative; required when `illustrative` is true. */
  illustrativeNote: LocalText.optional(),
  source: z.string().optional(),
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
  items: z.array(z.strictObject(BundleItem.shape)).min(1),
  questions: z
    .array(
      z.strictObject({
        ...ScenarioQuestion.shape,
        options: z.array(z.strictObject(ScenarioQuestion.shape.options.element.shape)).min(2),
      }),
    )
    .default([]),
  rules: z
    .array(
      z.strictObject({
        ...ScenarioRule.shape,
        addMaterials: z.array(z.strictObject({ item: z.string(), requirement: z.strictObject(MaterialRequirement.shape) })).default([]),
        waiveMaterials: z.array(z.strictObject(ScenarioRule.shape.waiveMaterials.unwrap().element.shape)).default([]),
      }),
    )
    .default([]),
});

export const CatalogFragment = z
  .strictObject({
    /** Lets editors find config/schema/catalog-fragment.schema.json; ignored by the loader. */
    $schema: z.string().optional(),
    departments: z.array(z.strictObject(Department.shape)).optional(),
    stages: z.array(z.strictObject(Stage.shape)).optional(),
    fields: z.array(z.strictObject(FormField.shape)).optional(),
    materials: z.array(z.strictObject(Material.shape)).optional(),
    items: z.array(z.strictObject({ ...Item.shape, materials: z.array(z.strictObject(MaterialRequirement.shape)) })).optional(),
    bundles: z.array(FragmentBundle).optional(),
  })
  .meta({
    title: 'Catalog fragment',
    description: 'One file of the service catalog (config/catalog/**/*.json): departments, stages, form fields, materials, items (单项事项) and bundles (一件事).',
  });
export type CatalogFragment = z.infer<typeof CatalogFragment>;

/** The sections of a fragment, in the order they are merged. */
export const catalogSections = ['departments', 'stages', 'fields', 'materials', 'items', 'bundles'] as const;
export type CatalogSection = (typeof catalogSections)[number];
