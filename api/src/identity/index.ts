export { assertSafeBinding, isLoopbackHost, localSignInAvailable } from './binding.js';
export {
  CLOCK_SKEW_SECONDS,
  createEntraVerifier,
  type EntraClaims,
  type EntraConfig,
  type EntraVerifier,
  entraPrincipal,
} from './entra.js';
export { createLocalTokens, LOCAL_ISSUER, type LocalUser } from './local.js';
export { ENTRA_APP_ROLES, ENTRA_SCOPE, roleFromAppRoles } from './roles.js';
