export { WeChatFaceVerifier, outcomeOf, type WeChatFaceVerifierOptions } from './wechatFaceVerifier'
export { certHash, CERT_TYPE } from './certHash'
export { StableTokenSource, STABLE_TOKEN_URL } from './stableToken'
export { WeChatApiError } from './wechatApi'
