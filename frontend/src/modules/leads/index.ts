export type { Lead, Stage } from './types';
export { leadKeys, leadQueries } from './api';
