export { analyticsKeys } from './api';
