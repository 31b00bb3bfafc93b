// The release check of the weapp build. A release build (TARO_APP_RELEASE=1, `npm run build:weapp:release`)
// must name its CloudBase environment: `wx.cloud.init` needs `env`, and without one the mini program would
// call whichever environment DevTools last selected. Local builds keep their default (no env: DevTools' choice).

export interface BuildEnv {
  TARO_ENV?: string
  TARO_APP_RELEASE?: string
  TARO_APP_CLOUD_ENV?: string
  TARO_APP_SUBSCRIBE_TEMPLATES?: string
}

export function isRelease(env: BuildEnv): boolean {
  return env.TARO_APP_RELEASE === '1' || env.TARO_APP_RELEASE === 'true'
}

/** The reasons a build may not go on (empty: fine). */
export function releaseProblems(env: BuildEnv): string[] {
  if (env.TARO_ENV !== 'weapp' || !isRelease(env)) return []
  const problems: string[] = []
  if (!env.TARO_APP_CLOUD_ENV?.trim()) {
    problems.push(
      'TARO_APP_CLOUD_ENV is not set: a release weapp build needs the CloudBase environment id, because ' +
        'wx.cloud.init needs `env`. Run: TARO_APP_CLOUD_ENV=<env id> npm run build:weapp:release'
    )
  }
  return problems
}
