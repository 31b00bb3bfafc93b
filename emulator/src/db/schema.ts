// Loader for the project's database schema file (collections, indexes, permissions).
import fs from 'node:fs'

export type Permission = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY' | 'CUSTOM'
const PERMISSIONS = new Set(['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY', 'CUSTOM'])

export interface IndexSpec {
  name: string
  /** [path, 1 | -1] pairs, in order. */
  keys: Array<[string, 1 | -1]>
  unique?: boolean
}

export interface CollectionSpec {
  description?: string
  permission?: Permission
  indexes: IndexSpec[]
}

/** Cloud storage's permission preset (CloudBase: READONLY, PRIVATE, ADMINWRITE, ADMINONLY). */
export type StoragePermission = 'READONLY' | 'PRIVATE' | 'ADMINWRITE' | 'ADMINONLY'
const STORAGE_PERMISSIONS = new Set(['READONLY', 'PRIVATE', 'ADMINWRITE', 'ADMINONLY'])

export interface DatabaseSchema {
  collections: Record<string, CollectionSpec>
  /** The storage rule, beside the database permissions (absent: CloudBase's default, READONLY). */
  storage?: { description?: string; permission: StoragePermission }
}

const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/
const INDEX_NAME = /^[A-Za-z0-9_.-]{1,64}$/
const FIELD_PATH = /^[^.$\s][^\s]*$/

export function isValidCollectionName(name: unknown): name is string {
  return typeof name === 'string' && COLLECTION_NAME.test(name) && !name.startsWith('_emu_') && !name.includes('..')
}

/** Validate a schema object; throws an Error naming the first problem. */
export function validateSchema(input: unknown, source = 'schema'): DatabaseSchema {
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`)
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) fail('must be a JSON object')
  const cols = (input as any).collections
  if (!cols || typeof cols !== 'object' || Array.isArray(cols)) fail('"collections" must be an object')
  const out: DatabaseSchema = { collections: {} }
  const storage = (input as any).storage
  if (storage !== undefined) {
    if (!storage || typeof storage !== 'object' || !STORAGE_PERMISSIONS.has(storage.permission)) {
      fail(`"storage.permission" must be one of ${[...STORAGE_PERMISSIONS].join(', ')} (custom storage rules are not emulated)`)
    }
    out.storage = { description: storage.description, permission: storage.permission }
  }
  for (const [name, spec] of Object.entries<any>(cols)) {
    if (!isValidCollectionName(name)) fail(`invalid collection name "${name}"`)
    if (!spec || typeof spec !== 'object') fail(`collection "${name}" must be an object`)
    if (spec.permission !== undefined && !PERMISSIONS.has(spec.permission)) fail(`collection "${name}": unknown permission "${spec.permission}"`)
    const indexes: IndexSpec[] = []
    const seen = new Set<string>()
    for (const ix of spec.indexes ?? []) {
      if (!ix || typeof ix.name !== 'string' || !INDEX_NAME.test(ix.name)) fail(`collection "${name}": index needs a valid "name"`)
      if (seen.has(ix.name)) fail(`collection "${name}": duplicate index name "${ix.name}"`)
      seen.add(ix.name)
      if (!Array.isArray(ix.keys) || ix.keys.length === 0) fail(`collection "${name}" index "${ix.name}": "keys" must be a non-empty array`)
      const keys: Array<[string, 1 | -1]> = []
      for (const k of ix.keys) {
        if (!Array.isArray(k) || typeof k[0] !== 'string' || !FIELD_PATH.test(k[0]) || (k[1] !== 1 && k[1] !== -1)) {
          fail(`collection "${name}" index "${ix.name}": each key must be [path, 1 | -1]`)
        }
        keys.push([k[0], k[1]])
      }
      indexes.push({ name: ix.name, keys, unique: ix.unique === true })
    }
    out.collections[name] = { description: spec.description, permission: spec.permission, indexes }
  }
  return out
}

export function loadSchema(path: string): DatabaseSchema {
  let text: string
  try {
    text = fs.readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`cannot read schema file ${path}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`schema file ${path} is not valid JSON: ${(e as Error).message}`)
  }
  return validateSchema(json, path)
}
