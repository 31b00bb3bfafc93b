// Every 管理 tile that links to a page (miniprogram/src/lib/tabs.ts TILE_LINKS) names a page registered in
// app.config.ts, so no tile leads nowhere.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { TILE_LINKS } from '../../miniprogram/src/lib/tabs'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

describe('admin tiles', () => {
  it('every tile page is registered in app.config and exists', () => {
    const config = fs.readFileSync(path.join(ROOT, 'miniprogram/src/app.config.ts'), 'utf8')
    expect(TILE_LINKS.map((l) => l.tile)).toContain('api_keys')
    for (const l of TILE_LINKS) {
      const [, root, page] = /^\/([^/]+)\/(.+)$/.exec(l.url)!
      expect(config, l.url).toMatch(new RegExp(`root: '${root}', pages: \\[[^\\]]*'${page}'`))
      expect(fs.existsSync(path.join(ROOT, 'miniprogram/src', root!, `${page}.tsx`)), l.url).toBe(true)
    }
  })
})
