/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.svg'
declare module '*.css'

/** True only in the local H5 build: the dev persona switcher. */
declare const __DEV_PERSONAS__: boolean
/** H5 gateway base URL ('' = same origin). */
declare const __GATEWAY__: string
/** CloudBase environment id for Taro.cloud.init on weapp ('' = default). */
declare const __CLOUD_ENV__: string
/** Subscribe-message template ids. */
declare const __SUBSCRIBE_TEMPLATES__: string[]
/** The policy_notice subscribe-message template id (惠民政策). */
declare const __POLICY_TEMPLATE__: string

declare const process: { env: { TARO_ENV: string; NODE_ENV: string; [key: string]: string | undefined } }
declare function require(id: string): any
