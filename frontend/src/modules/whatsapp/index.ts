export { whatsappKeys } from './api';
export { Chat } from './components/Chat';
