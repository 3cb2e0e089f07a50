/**
 * What the JavaScript engine itself remembers about the last citizen, cleared when a session ends
 * (the statechart's wipe clears the application's own state; this is the engine's).
 *
 * V8 keeps the subject string of the last successful regular-expression match per page
 * (`RegExp.input` / `RegExp.$_`, `RegExp.lastMatch`, `RegExp.leftContext` …: the native
 * context's `regexp_last_match_info`). The last match of a session is often on something the
 * citizen typed (the search box's query, a form value being validated), so it would outlive the
 * session in the heap. One match on a constant empty string replaces it.
 */
export function forgetEngineState(): void {
  /(?:)/.exec('');
}

/**
 * The performance timeline keeps every mark until it is cleared; the kiosk marks each screen it
 * shows (`kiosk:screen:<step>`, read by the benchmarks), so a page that never reloads would add a
 * dozen marks per citizen for ever. The finished session's marks go when the next one may begin.
 */
export function dropScreenMarks(): void {
  for (const name of new Set(performance.getEntriesByType('mark').map((m) => m.name))) if (name.startsWith('kiosk:screen:')) performance.clearMarks(name);
}
