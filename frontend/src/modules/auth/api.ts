import { queryOptions } from '@tanstack/react-query';
import { http } from '../../shared/http';

export type User = {
  id: number;
  email: string;
  name: string;
  role: 'ADMIN' | 'AGENT';
  is_active: boolean;
  created_at: string;
  last_login_at: string | null;
};

export const authKeys = { me: ['auth', 'me'] as const, users: ['users'] as const };

export const meQuery = () =>
  queryOptions({ queryKey: authKeys.me, queryFn: ({ signal }) => http<User>('/auth/me/', { signal }), retry: false });

export const usersQuery = () =>
  queryOptions({ queryKey: authKeys.users, queryFn: ({ signal }) => http<User[]>('/users/', { signal }), staleTime: 300_000 });

export function login(email: string, password: string): Promise<User> {
  return http<void>('/auth/csrf/').then(() => http<User>('/auth/login/', { method: 'POST', body: { email, password } }));
}

export function logout(): Promise<void> {
  return http<void>('/auth/logout/', { method: 'POST' });
}
