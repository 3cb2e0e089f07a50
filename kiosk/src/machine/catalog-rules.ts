/**
 * Composing an application (core/catalog/compose.ts: forms, materials, deadlines, the submission
 * check) is needed only once a citizen has chosen a bundle, so it is a separate chunk, loaded with
 * the catalog: app.tsx sends CATALOG once it is in place, and the machine composes only with a
 * catalog (composeFor). The scenario rules (questions, applicable items) stay in the first chunk.
 */
type Compose = typeof import('../../../core/catalog/compose');

let rules: Compose | null = null;
let loading: Promise<Compose> | null = null;

/** Fetches the chunk once; a failed fetch is tried again on the next call. */
export function loadCatalogRules(): Promise<Compose> {
  return (loading ??= import('../../../core/catalog/compose').then(
    (m) => (rules = m),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  ));
}

export function catalogRules(): Compose {
  if (!rules) throw new Error('catalog rules used before loadCatalogRules() resolved (CATALOG is sent after it)');
  return rules;
}
