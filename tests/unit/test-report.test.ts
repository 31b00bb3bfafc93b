// The test runner's own reading of results must not be fooled: the last count line wins, and an end-to-end
// file with a misnamed export fails loudly instead of counting zero tests.
import { describe, expect, it } from 'vitest'
// @ts-expect-error plain ESM script without types
import { e2eTestsOf, lastCounts } from '../../scripts/lib/test-report.mjs'

describe('lastCounts', () => {
  it('takes the last closing line, not the first', () => {
    const out = ['  ✓ a', '3 passed, 0 failed', 'retrying…', '  ✗ b', 'e2e: 3 passed, 1 failed', ''].join('\n')
    expect(lastCounts(out)).toEqual({ passed: 3, failed: 1 })
  })
  it('answers null when there is no count line', () => {
    expect(lastCounts('Error: the stack exited\n')).toBeNull()
    expect(lastCounts(undefined)).toBeNull()
  })
  it('does not read a count inside a longer line', () => {
    expect(lastCounts('note: we saw "2 passed, 0 failed" earlier')).toBeNull()
  })
})

describe('e2eTestsOf', () => {
  const run = async () => undefined
  it('lists a file’s tests with their file name', () => {
    expect(e2eTestsOf('10-x.test.mjs', { tests: [{ name: 'a', run }] })).toEqual([{ name: 'a', run, file: '10-x.test.mjs' }])
  })
  it('throws for a misnamed or empty export', () => {
    expect(() => e2eTestsOf('20-y.test.mjs', { test: [{ name: 'a', run }] })).toThrow(/20-y\.test\.mjs exports no tests/)
    expect(() => e2eTestsOf('20-y.test.mjs', { tests: [] })).toThrow(/exports no tests/)
    expect(() => e2eTestsOf('20-y.test.mjs', { tests: [{ name: 'a' }] })).toThrow(/name and a run function/)
  })
})
