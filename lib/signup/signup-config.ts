export { oidcVar, parseSignupConfig, SIGNUP_POLICIES, type ProviderConfig, type SignupConfig, type SignupPolicy } from '../config/signup';
