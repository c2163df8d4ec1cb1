export { insightKeys, insightQueries } from './api';
export { InsightsPanel } from './components/InsightsPanel';
export { LeadScoreCard } from './components/LeadScoreCard';
