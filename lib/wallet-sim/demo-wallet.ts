// The seed of the demo phone wallet, so the demo worker keeps one identity across restarts.
// Public on purpose: it only ever signs in the demo worker of a demo-mode deployment.
export const DEMO_WALLET_SEED = '626f6c74776f726b2d64656d6f2d77616c6c65742d736565642d303030303031';
