import { useEffect } from 'react'
import type { Catalog } from '../../../typings/api'
import { call } from '../api/client'
import { getState, setState } from '../lib/store'
import { useStore } from './useStore'

let loading: Promise<Catalog> | null = null

export function loadCatalog(): Promise<Catalog> {
  const c = getState().catalog
  if (c) return Promise.resolve(c)
  if (!loading) {
    loading = call('petition', 'catalog', {})
      .then((cat) => {
        setState({ catalog: cat })
        return cat
      })
      .finally(() => (loading = null))
  }
  return loading
}

export function useCatalog(): Catalog | null {
  const cat = useStore((s) => s.catalog)
  useEffect(() => {
    if (!getState().catalog) loadCatalog().catch(() => undefined)
  }, [])
  return cat
}
