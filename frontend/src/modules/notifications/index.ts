export { NotificationBell, notificationKeys } from './components/NotificationBell';
