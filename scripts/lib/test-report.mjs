// Reading test results without being fooled: the closing count line of a runner's output, and the tests an
// end-to-end file exports. Used by scripts/test.mjs and scripts/e2e.mjs; tested in tests/unit/test-report.test.ts.

/** The last 'N passed, N failed' line of a runner's output (one 'word:' may stand before it), or null. */
export function lastCounts(text) {
  const all = [...(text ?? '').matchAll(/^\s*(?:\w+:\s*)?(\d+) passed, (\d+) failed\b/gm)]
  const m = all.at(-1)
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null
}

/**
 * The tests of one end-to-end module: its `tests` export, an array of `{ name, run }`.
 * A file that exports no such array (a misnamed export, a typo) throws instead of counting zero tests.
 */
export function e2eTestsOf(file, mod) {
  const tests = mod?.tests
  if (!Array.isArray(tests) || tests.length === 0) {
    throw new Error(`${file} exports no tests: export const tests = [{ name, run(ctx, page) }, …]`)
  }
  for (const t of tests) {
    if (!t || typeof t.name !== 'string' || typeof t.run !== 'function') throw new Error(`${file}: every test needs a name and a run function`)
  }
  return tests.map((t) => ({ ...t, file }))
}
