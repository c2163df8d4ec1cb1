export { metricsKeys } from './pages/DashboardPage';
