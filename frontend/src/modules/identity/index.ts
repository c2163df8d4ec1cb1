export type { ApiToken, Role, User } from './types';
export { authKeys, authQueries, userKeys, userName, userOptions, userQueries, useLogin, useLogout } from './api';
