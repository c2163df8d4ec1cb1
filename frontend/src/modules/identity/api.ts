import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { http } from '../../shared/http';
import type { ApiToken, CreatedToken, Role, User } from './types';

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
  tokens: () => [...authKeys.all, 'tokens'] as const,
};

export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const authQueries = {
  me: () =>
    queryOptions({
      queryKey: authKeys.me(),
      queryFn: ({ signal }) => http<User>('/api/auth/me/', { signal }),
      staleTime: 5 * 60_000,
      retry: false,
    }),
  tokens: () =>
    queryOptions({
      queryKey: authKeys.tokens(),
      queryFn: ({ signal }) => http<ApiToken[]>('/api/auth/tokens/', { signal }),
    }),
};

export const userQueries = {
  list: () =>
    queryOptions({
      queryKey: userKeys.list(),
      queryFn: ({ signal }) => http<User[]>('/api/users/', { signal }),
      staleTime: 5 * 60_000,
    }),
};

/** `{value,label}` options of the active users, for assignee pickers. */
export function userOptions(users: User[] | undefined): { value: string; label: string }[] {
  return (users ?? []).filter((u) => u.is_active).map((u) => ({ value: String(u.id), label: u.name }));
}

export function userName(users: User[] | undefined, id: number | null | undefined): string {
  if (id === null || id === undefined) return 'Unassigned';
  return users?.find((u) => u.id === id)?.name ?? `User #${id}`;
}

export function useLogin() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      http<User>('/api/auth/login/', { method: 'POST', body }),
    onSuccess: (user) => {
      client.clear();
      client.setQueryData(authKeys.me(), user);
    },
  });
}

export function useLogout() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => http<void>('/api/auth/logout/', { method: 'POST' }),
    onSettled: () => {
      client.clear();
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      http<void>('/api/auth/password/', { method: 'POST', body }),
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; expires_in_days?: number | null }) =>
      http<CreatedToken>('/api/auth/tokens/', { method: 'POST', body }),
    onSettled: () => client.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => http<void>(`/api/auth/tokens/${id}/`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: authKeys.tokens() }),
  });
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

export function useCreateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => http<User>('/api/users/', { method: 'POST', body }),
    onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; name?: string; role?: Role; is_active?: boolean; password?: string }) =>
      http<User>(`/api/users/${id}/`, { method: 'PATCH', body }),
    onSuccess: (user) => {
      client.setQueryData<User[]>(userKeys.list(), (old) => old?.map((u) => (u.id === user.id ? user : u)));
    },
    onSettled: () => client.invalidateQueries({ queryKey: userKeys.all }),
  });
}
