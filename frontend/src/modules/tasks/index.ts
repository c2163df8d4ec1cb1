export type { Task } from './types';
export { taskKeys, taskQueries } from './api';
export { LeadTasks } from './components/LeadTasks';
