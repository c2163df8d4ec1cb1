import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, Modal, Pagination, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { ApiError } from '../../shared/http';
import { formatDateTime, formatMoney } from '../../shared/format';
import { usersQuery } from '../auth/api';
import { createLead, filtersFrom, leadKeys, leadListQuery, sourcesQuery, stagesQuery, type LeadFilters } from './api';

export function LeadsPage() {
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const leads = useQuery(leadListQuery(filters));
  const stages = useQuery(stagesQuery());
  const sources = useQuery(sourcesQuery());
  const users = useQuery(usersQuery());
  const [creating, setCreating] = useState(false);

  function setFilter(name: keyof LeadFilters, value: string | null) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    setParams(next, { replace: true });
  }

  const stageLabel = (key: string) => stages.data?.find((s) => s.key === key)?.label ?? key;
  const userName = (id: number | null) => (id === null ? 'Unassigned' : (users.data?.find((u) => u.id === id)?.name ?? `#${id}`));
  const pages = leads.data ? Math.max(1, Math.ceil(leads.data.count / 25)) : 1;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Leads
        </Title>
        <Button onClick={() => setCreating(true)}>New lead</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <TextInput label="Search" placeholder="Name, phone or email" defaultValue={filters.search ?? ''} onChange={(e) => setFilter('search', e.currentTarget.value)} />
        <Select label="Stage" clearable value={filters.stage ?? null} data={(stages.data ?? []).map((s) => ({ value: s.key, label: s.label }))} onChange={(v) => setFilter('stage', v)} />
        <Select label="Source" clearable value={filters.source ?? null} data={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))} onChange={(v) => setFilter('source', v)} />
        <Select
          label="Assigned to"
          clearable
          value={filters.assigned_to ?? null}
          data={[{ value: 'me', label: 'Me' }, { value: 'none', label: 'Unassigned' }, ...(users.data ?? []).map((u) => ({ value: String(u.id), label: u.name }))]}
          onChange={(v) => setFilter('assigned_to', v)}
        />
        <Select
          label="Order"
          value={filters.ordering ?? '-created_at'}
          data={[
            { value: '-created_at', label: 'Newest' },
            { value: 'created_at', label: 'Oldest' },
            { value: '-last_inbound_at', label: 'Last message' },
            { value: '-expected_value', label: 'Highest value' },
            { value: 'name', label: 'Name' },
          ]}
          onChange={(v) => setFilter('ordering', v === '-created_at' ? null : v)}
        />
      </SimpleGrid>
      {leads.isError && (
        <Alert color="red" title="Leads could not be loaded">
          {leads.error.message} <Button size="xs" variant="light" onClick={() => leads.refetch()}>Retry</Button>
        </Alert>
      )}
      {leads.isPending ? (
        <Skeleton h={300} />
      ) : leads.data && leads.data.results.length === 0 ? (
        <Text c="dimmed">No leads match these filters.</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label="Leads">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Stage</Table.Th>
                <Table.Th>Source</Table.Th>
                <Table.Th>Assigned</Table.Th>
                <Table.Th>Value</Table.Th>
                <Table.Th>Created</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {leads.data?.results.map((lead) => (
                <Table.Tr key={lead.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/leads/${lead.id}`}>
                      {lead.name}
                    </Anchor>
                    {lead.is_whatsapp && (
                      <Badge ml="xs" size="xs" color="green" variant="light">
                        WhatsApp
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{stageLabel(lead.stage)}</Table.Td>
                  <Table.Td>{sources.data?.find((s) => s.key === lead.source)?.label ?? lead.source}</Table.Td>
                  <Table.Td>{userName(lead.assigned_to)}</Table.Td>
                  <Table.Td>{formatMoney(lead.expected_value)}</Table.Td>
                  <Table.Td>{formatDateTime(lead.created_at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {leads.data ? `${leads.data.count} ${leads.data.count === 1 ? 'lead' : 'leads'}` : ''}
        </Text>
        <Pagination total={pages} value={filters.page ?? 1} onChange={(page) => setFilter('page', page === 1 ? null : String(page))} />
      </Group>
      <NewLeadModal opened={creating} onClose={() => setCreating(false)} />
    </Stack>
  );
}

function NewLeadModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const client = useQueryClient();
  const sources = useQuery(sourcesQuery());
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [source, setSource] = useState<string | null>('website');
  const create = useMutation({
    mutationFn: () => createLead({ name, phone: phone || null, email: email || null, source: source ?? 'other' }),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: leadKeys.lists() });
      setName('');
      setPhone('');
      setEmail('');
      onClose();
    },
  });
  const errors = create.error instanceof ApiError ? create.error.fieldErrors() : {};

  return (
    <Modal opened={opened} onClose={onClose} title="New lead">
      <Stack component="form" onSubmit={(e) => { e.preventDefault(); create.mutate(); }}>
        {create.error && !Object.keys(errors).length && <Alert color="red">{create.error.message}</Alert>}
        <TextInput label="Name" required value={name} error={errors.name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="Phone" placeholder="+34 600 123 456" value={phone} error={errors.phone} onChange={(e) => setPhone(e.currentTarget.value)} />
        <TextInput label="Email" value={email} error={errors.email} onChange={(e) => setEmail(e.currentTarget.value)} />
        <Select label="Source" value={source} data={(sources.data ?? []).map((s) => ({ value: s.key, label: s.label }))} onChange={setSource} error={errors.source} />
        <Button type="submit" loading={create.isPending}>
          Create lead
        </Button>
      </Stack>
    </Modal>
  );
}
