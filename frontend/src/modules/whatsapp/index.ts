export { whatsappKeys } from './api';
export { Chat } from './components/Chat';
export { WhatsAppHeaderActions } from './components/WhatsAppStatus';
